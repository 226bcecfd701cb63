import { InputError } from '@vaekit/core';
import type { CountMatrix } from '../matrix/count-matrix.js';
import { subsetCounts } from '../matrix/count-matrix.js';
import { listSome } from './list-some.js';

/**
 * The genes `names`, in that order (var, layers cut to match). Every name must be a gene of the
 * matrix (with duplicated gene names, the first column is taken); otherwise an InputError lists
 * the ones that are not. To fill genes the data lacks with zeros, use {@link alignGenes}.
 */
export function selectGenes(m: CountMatrix, names: readonly string[]): CountMatrix {
  const index = new Map<string, number>();
  m.var.names.forEach((g, j) => {
    if (!index.has(g)) index.set(g, j);
  });
  const missing = names.filter((g) => !index.has(g));
  if (missing.length > 0) {
    throw new InputError(
      `selectGenes: ${missing.length} of ${names.length} genes are not in the data: ${listSome(missing)}`,
      'check the gene names (symbols vs Ensembl ids, case); alignGenes fills missing genes with zeros',
    );
  }
  return subsetCounts(m, { genes: names.map((g) => index.get(g) ?? -1) });
}
