import type { CountMatrix } from '../matrix/count-matrix.js';
import { subsetCounts } from '../matrix/count-matrix.js';
import { pickLayer } from './pick-layer.js';

/**
 * Removes cells with no counts at all (their library size is 0, which a count model's log
 * library size cannot take). Returns the subset, the indices of the kept cells (into the
 * input) and the barcodes of the dropped ones.
 */
export function dropEmptyCells(m: CountMatrix, options: { layer?: string } = {}): { matrix: CountMatrix; kept: Int32Array; dropped: string[] } {
  const X = pickLayer(m, options.layer);
  const kept: number[] = [];
  const dropped: string[] = [];
  for (let r = 0; r < X.nRows; r++) {
    let total = 0;
    for (let k = X.indptr[r]; k < X.indptr[r + 1]; k++) total += X.data[k];
    if (total > 0) kept.push(r);
    else dropped.push(m.obs.names[r]);
  }
  return { matrix: dropped.length === 0 ? m : subsetCounts(m, { cells: kept }), kept: Int32Array.from(kept), dropped };
}
