import { ConfigError } from '@vaekit/core';
import type { CountMatrix } from '../matrix/count-matrix.js';
import { CsrMatrix } from '../matrix/csr-matrix.js';
import { rowSums } from '../matrix/stats.js';

/**
 * scanpy's `normalize_total(target_sum=…)`: every cell's counts scaled to sum to `targetSum`
 * (default 1e4): x / (total / targetSum), stored as float32 (scanpy's dtype). A cell with no counts
 * stays all zero. `targetSum` undefined means scanpy's `target_sum=None`: the median total of the
 * cells with counts. Returns a new matrix (sparse, same pattern); the input is unchanged.
 */
export function normalizeTotal(m: CsrMatrix, targetSum?: number): CsrMatrix;
export function normalizeTotal(m: CountMatrix, targetSum?: number): CountMatrix;
export function normalizeTotal(m: CsrMatrix | CountMatrix, targetSum?: number): CsrMatrix | CountMatrix {
  if ('X' in m) return { ...m, X: normalizeTotal(m.X, targetSum) };
  if (targetSum !== undefined && !(targetSum > 0 && Number.isFinite(targetSum))) {
    throw new ConfigError(`normalizeTotal: targetSum must be a positive number, got ${targetSum}`);
  }
  const totals = rowSums(m);
  const target = targetSum ?? medianPositive(totals);
  const data = new Float32Array(m.data.length);
  for (let r = 0; r < m.nRows; r++) {
    const factor = (totals[r] === 0 ? 1 : totals[r]) / target;
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) data[k] = m.data[k] / factor;
  }
  return new CsrMatrix(m.nRows, m.nCols, m.indptr.slice(), m.indices.slice(), data, { check: false });
}

function medianPositive(values: Float64Array): number {
  const s = Array.from(values).filter((v) => v > 0).sort((a, b) => a - b);
  if (s.length === 0) throw new ConfigError('normalizeTotal: every cell has zero counts, there is no median total to scale to', 'pass targetSum explicitly or filter the empty cells first');
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}
