import { ConfigError } from '@vaekit/core';
import type { CsrMatrix } from './csr-matrix.js';

/** Per-row totals (a cell's library size when rows are cells), in float64. */
export function rowSums(m: CsrMatrix): Float64Array {
  const out = new Float64Array(m.nRows);
  for (let r = 0; r < m.nRows; r++) {
    let s = 0;
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) s += m.data[k];
    out[r] = s;
  }
  return out;
}

/** Per-row count of stored non-zero values (genes detected per cell). */
export function rowNonZeros(m: CsrMatrix): Float64Array {
  const out = new Float64Array(m.nRows);
  for (let r = 0; r < m.nRows; r++) {
    let s = 0;
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) if (m.data[k] !== 0) s++;
    out[r] = s;
  }
  return out;
}

/** Per-column statistics of a sparse matrix, zeros included. */
export interface ColumnStats {
  mean: Float64Array;
  variance: Float64Array;
  /** Number of rows with a non-zero value (cells expressing the gene). */
  nonZeros: Float64Array;
}

/**
 * Per-column mean and variance computed sparsely in one pass over the stored values (float64
 * accumulation, two-pass-corrected: Σ(x − μ)² = Σ_nz (x − μ)² + (n − nnz)·μ²). `ddof` 1 (the
 * default) is the sample variance that scanpy's `highly_variable_genes` uses; 0 the population one.
 */
export function columnStats(m: CsrMatrix, options: { ddof?: number } = {}): ColumnStats {
  const ddof = options.ddof ?? 1;
  const n = m.nRows;
  if (n - ddof <= 0) throw new ConfigError(`columnStats: ${n} rows is too few for ddof = ${ddof}`);
  const sum = new Float64Array(m.nCols);
  const nonZeros = new Float64Array(m.nCols);
  const { indices, data } = m;
  for (let k = 0; k < indices.length; k++) {
    sum[indices[k]] += data[k];
    if (data[k] !== 0) nonZeros[indices[k]]++;
  }
  const mean = sum.map((s) => s / n);
  const stored = new Float64Array(m.nCols);
  const sq = new Float64Array(m.nCols);
  for (let k = 0; k < indices.length; k++) {
    const c = indices[k];
    const d = data[k] - mean[c];
    sq[c] += d * d;
    stored[c]++;
  }
  const variance = new Float64Array(m.nCols);
  for (let c = 0; c < m.nCols; c++) variance[c] = (sq[c] + (n - stored[c]) * mean[c] * mean[c]) / (n - ddof);
  return { mean, variance, nonZeros };
}
