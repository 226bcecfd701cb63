import { pairedSamples } from './samples.js';

/**
 * Coefficient of determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², as sklearn's `r2_score` (1 is perfect,
 * 0 is predicting the mean, negative is worse). For a constant `yTrue` it is 1 when the predictions
 * are exact and 0 otherwise (sklearn's `force_finite=True`).
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const [y, p] = pairedSamples(yTrue, yPred, 'r2Score', ['yTrue', 'yPred']);
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (y[i] - p[i]) ** 2;
    ssTot += (y[i] - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
