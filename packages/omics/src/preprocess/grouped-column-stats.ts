import type { CsrMatrix } from '../matrix/csr-matrix.js';

/** Per-group, per-column statistics: entry [g · nCols + j] is group g, column j. */
export interface GroupedColumnStats {
  nGroups: number;
  nCols: number;
  mean: Float64Array;
  /** Sample variance (ddof 1), zeros included; uncorrected (0) for a group of one row, as scanpy's. */
  variance: Float64Array;
  /** Rows with a non-zero value. */
  nonZeros: Float64Array;
}

/**
 * Column means and sample variances of a sparse matrix within each row group (`codes[r]` in
 * [0, nGroups)), the way scanpy computes them (fast_array_utils' `mean_var(correction=1)` kernel
 * for CSR): sums S and sums of squares Q in float64, mean = S / n, variance =
 * (Q / n − (S / n)²) · n / (n − 1). For integer counts S and Q are exact, so the means and
 * variances are bit-identical to scanpy's; this matters because loess on log10(mean) is
 * sensitive to ulp-level changes of tied x values. `transform` maps each stored value first
 * (e.g. expm1 of log data).
 */
export function groupedColumnStats(
  X: CsrMatrix,
  codes: Int32Array,
  nGroups: number,
  transform?: (v: number) => number,
): GroupedColumnStats {
  const { nRows, nCols, indptr, indices, data } = X;
  const size = nGroups * nCols;
  const sum = new Float64Array(size);
  const sumSq = new Float64Array(size);
  const nonZeros = new Float64Array(size);
  const rows = new Float64Array(nGroups);
  for (let r = 0; r < nRows; r++) {
    const base = codes[r] * nCols;
    rows[codes[r]]++;
    for (let k = indptr[r]; k < indptr[r + 1]; k++) {
      const v = transform ? transform(data[k]) : data[k];
      const i = base + indices[k];
      sum[i] += v;
      sumSq[i] += v * v;
      if (v !== 0) nonZeros[i]++;
    }
  }
  const mean = new Float64Array(size);
  const variance = new Float64Array(size);
  for (let g = 0; g < nGroups; g++) {
    const n = rows[g];
    const correction = n === 1 ? 1 : n / (n - 1);
    for (let j = 0; j < nCols; j++) {
      const i = g * nCols + j;
      mean[i] = sum[i] / n;
      variance[i] = (sumSq[i] / n - (sum[i] / n) ** 2) * correction;
    }
  }
  return { nGroups, nCols, mean, variance, nonZeros };
}
