import { InputError } from '@vaekit/core';

export interface RateR2 {
  /** Mean over neurons of each neuron's R² (sklearn r2_score, multioutput='uniform_average'). */
  mean: number;
  /** R² per neuron. */
  perNeuron: number[];
  /** Variance-weighted over neurons (sklearn multioutput='variance_weighted'): one R² of all values pooled per neuron. */
  varianceWeighted: number;
}

/**
 * R² of predicted against true rates, per neuron over every trial and bin: 1 − Σ(y − ŷ)² / Σ(y − ȳ)².
 * `predicted` and `truth` are [rows, neurons] row-major (e.g. [trials, bins, neurons] flattened).
 * A neuron with constant truth scores 1 if predicted exactly, else 0 (sklearn's force_finite).
 */
export function rateR2(predicted: ArrayLike<number>, truth: ArrayLike<number>, neurons: number): RateR2 {
  if (predicted.length !== truth.length) throw new InputError(`rateR2: ${predicted.length} predicted values but ${truth.length} true values`, 'pass arrays of the same shape');
  if (!(Number.isInteger(neurons) && neurons >= 1) || truth.length % neurons !== 0) throw new InputError(`rateR2: ${truth.length} values are not a whole number of rows of ${neurons} neurons`);
  const rows = truth.length / neurons;
  if (rows < 2) throw new InputError('rateR2: needs at least 2 rows');
  const mean = new Float64Array(neurons);
  for (let i = 0; i < truth.length; i++) mean[i % neurons] += truth[i];
  for (let n = 0; n < neurons; n++) mean[n] /= rows;
  const ssRes = new Float64Array(neurons);
  const ssTot = new Float64Array(neurons);
  for (let i = 0; i < truth.length; i++) {
    const n = i % neurons;
    const p = predicted[i];
    if (!Number.isFinite(p)) throw new InputError(`rateR2: predicted value ${i} is not finite (${p})`);
    ssRes[n] += (truth[i] - p) ** 2;
    ssTot[n] += (truth[i] - mean[n]) ** 2;
  }
  const perNeuron = Array.from(ssRes, (r, n) => (ssTot[n] === 0 ? (r === 0 ? 1 : 0) : 1 - r / ssTot[n]));
  const totRes = ssRes.reduce((a, b) => a + b, 0);
  const totTot = ssTot.reduce((a, b) => a + b, 0);
  return {
    mean: perNeuron.reduce((a, b) => a + b, 0) / neurons,
    perNeuron,
    varianceWeighted: totTot === 0 ? (totRes === 0 ? 1 : 0) : 1 - totRes / totTot,
  };
}
