import { InputError } from '@vaekit/core';

/** Solves the symmetric positive (semi-)definite system A x = b in place by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array, b: Float64Array, k: number): Float64Array {
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r * k + col]) > Math.abs(a[pivot * k + col])) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c < k; c++) [a[col * k + c], a[pivot * k + c]] = [a[pivot * k + c], a[col * k + c]];
      [b[col], b[pivot]] = [b[pivot], b[col]];
    }
    const p = a[col * k + col];
    if (Math.abs(p) < 1e-300) continue; // a direction the predictors do not span: its coefficient stays 0
    for (let r = col + 1; r < k; r++) {
      const f = a[r * k + col] / p;
      if (f === 0) continue;
      for (let c = col; c < k; c++) a[r * k + c] -= f * a[col * k + c];
      b[r] -= f * b[col];
    }
  }
  const x = new Float64Array(k);
  for (let r = k - 1; r >= 0; r--) {
    const p = a[r * k + r];
    if (Math.abs(p) < 1e-300) continue;
    let s = b[r];
    for (let c = r + 1; c < k; c++) s -= a[r * k + c] * x[c];
    x[r] = s / p;
  }
  return x;
}

/**
 * How well a linear map of `predictors` explains `targets` (both row-major, one row per sample):
 * for each target column, the R² of its ordinary least-squares fit on the predictors plus an
 * intercept (sklearn's LinearRegression().fit(P, y).score(P, y)). Returns the per-column R² and
 * their mean. Used to check that a model's latent space recovers a known latent up to a linear map.
 */
export function linearR2(targets: ArrayLike<number>, targetDim: number, predictors: ArrayLike<number>, predictorDim: number): { perColumn: number[]; mean: number } {
  const n = targets.length / targetDim;
  if (!Number.isInteger(n) || predictors.length !== n * predictorDim) {
    throw new InputError(`linearR2: ${targets.length / targetDim} target rows but ${predictors.length / predictorDim} predictor rows`, 'pass one row per sample in both');
  }
  if (n <= predictorDim + 1) throw new InputError(`linearR2: ${n} samples are too few for ${predictorDim} predictors`);
  const k = predictorDim + 1;
  // centred predictors (the intercept then decouples) in float64
  const mean = new Float64Array(predictorDim);
  for (let i = 0; i < n; i++) for (let j = 0; j < predictorDim; j++) mean[j] += predictors[i * predictorDim + j] / n;
  const xtx = new Float64Array(k * k);
  const rows = new Float64Array(k);
  const perColumn: number[] = [];
  for (let i = 0; i < n; i++) {
    rows[0] = 1;
    for (let j = 0; j < predictorDim; j++) rows[j + 1] = predictors[i * predictorDim + j] - mean[j];
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) xtx[a * k + b] += rows[a] * rows[b];
  }
  for (let t = 0; t < targetDim; t++) {
    const xty = new Float64Array(k);
    let ym = 0;
    for (let i = 0; i < n; i++) ym += targets[i * targetDim + t] / n;
    for (let i = 0; i < n; i++) {
      const y = targets[i * targetDim + t];
      xty[0] += y;
      for (let j = 0; j < predictorDim; j++) xty[j + 1] += (predictors[i * predictorDim + j] - mean[j]) * y;
    }
    const beta = solve(Float64Array.from(xtx), xty, k);
    let ssRes = 0;
    let ssTot = 0;
    for (let i = 0; i < n; i++) {
      let fit = beta[0];
      for (let j = 0; j < predictorDim; j++) fit += beta[j + 1] * (predictors[i * predictorDim + j] - mean[j]);
      const y = targets[i * targetDim + t];
      ssRes += (y - fit) ** 2;
      ssTot += (y - ym) ** 2;
    }
    perColumn.push(ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot);
  }
  return { perColumn, mean: perColumn.reduce((a, b) => a + b, 0) / targetDim };
}
