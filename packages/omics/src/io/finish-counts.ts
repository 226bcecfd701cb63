import { checkCountMatrix, subsetCounts } from '../matrix/count-matrix.js';
import type { CountMatrix } from '../matrix/count-matrix.js';
import { validateCounts } from '../matrix/validate-counts.js';
import type { ReadCountsOptions } from './reader.js';

/**
 * The steps every reader ends with: keep only 'Gene Expression' features when asked (10x; only if
 * there are any), check shapes, and validate the counts (unless `validate: false`).
 */
export function finishCounts(counts: CountMatrix, options: ReadCountsOptions, how: { gexFilter?: boolean; hint?: string } = {}): CountMatrix {
  let out = counts;
  const types = counts.var.columns.feature_types;
  if (how.gexFilter && options.gexOnly !== false && Array.isArray(types) && types.some((t) => t !== 'Gene Expression')) {
    const keep: number[] = [];
    types.forEach((t, j) => {
      if (t === 'Gene Expression') keep.push(j);
    });
    if (keep.length > 0) out = subsetCounts(counts, { genes: keep });
  }
  checkCountMatrix(out);
  if (options.validate !== false) {
    validateCounts(out.X, { cells: out.obs.names, genes: out.var.names, source: out.source, hint: how.hint });
  }
  return out;
}
