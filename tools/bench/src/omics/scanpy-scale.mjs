/**
 * scanpy's default pipeline before PCA, on the HVG counts: `normalize_total(target_sum=1e4)`,
 * `log1p`, then `scale(max_value=10)`: every gene centred and divided by its standard deviation
 * (ddof = 1, as scanpy; a constant gene is divided by 1), values clipped to [−10, 10] (scanpy ≥ 1.10
 * clips both sides when zero-centring). Returns a dense row-major Float32Array, cells × genes.
 */
import { log1p, normalizeTotal } from './omics-imports.mjs';

/** The log-normalised, scaled, clipped matrix of `counts` (a CountMatrix): `{ data, nRows, nCols }`. */
export function scanpyScaled(counts, { targetSum = 1e4, maxValue = 10 } = {}) {
  const X = log1p(normalizeTotal(counts.X, targetSum));
  const { nRows: n, nCols: g } = X;
  const data = X.toDense();
  const mean = new Float64Array(g);
  const sq = new Float64Array(g);
  for (let i = 0; i < n; i++) {
    const row = i * g;
    for (let j = 0; j < g; j++) {
      const v = data[row + j];
      mean[j] += v;
      sq[j] += v * v;
    }
  }
  const sd = new Float64Array(g);
  for (let j = 0; j < g; j++) {
    mean[j] /= n;
    const variance = Math.max(0, (sq[j] - n * mean[j] * mean[j]) / (n - 1));
    sd[j] = variance > 0 ? Math.sqrt(variance) : 1;
  }
  let clipped = 0;
  for (let i = 0; i < n; i++) {
    const row = i * g;
    for (let j = 0; j < g; j++) {
      let v = (data[row + j] - mean[j]) / sd[j];
      if (v > maxValue || v < -maxValue) {
        v = v > 0 ? maxValue : -maxValue;
        clipped += 1;
      }
      data[row + j] = v;
    }
  }
  return { data, nRows: n, nCols: g, clipped };
}
