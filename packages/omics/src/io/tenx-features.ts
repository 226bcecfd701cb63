import type { Annotations } from '../matrix/count-matrix.js';
import { makeUnique } from '../matrix/make-unique.js';
import type { ReadCountsOptions } from './reader.js';

/**
 * The var table scanpy builds for 10x data: names are gene symbols made unique (or the ids, with
 * `varNames: 'gene_ids'`), with columns `gene_ids`, `feature_types` (Cell Ranger ≥ 3) and any
 * `extra` columns (e.g. `genome`).
 */
export function geneAnnotations(
  ids: string[],
  symbols: string[],
  featureTypes: string[] | undefined,
  options: ReadCountsOptions,
  extra: Record<string, string[]> = {},
): Annotations {
  const raw = options.varNames === 'gene_ids' ? ids : symbols;
  const names = options.makeUnique === false ? raw : makeUnique(raw);
  const columns: Annotations['columns'] = { gene_ids: ids };
  if (options.varNames === 'gene_ids') columns.gene_symbols = symbols;
  if (featureTypes) columns.feature_types = featureTypes;
  return { names, columns: { ...columns, ...extra } };
}
