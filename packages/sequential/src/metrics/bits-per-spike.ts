import { InputError, lgammaNumber } from '@vaekit/core';

export interface BitsPerSpike {
  /** Pooled over the neurons: (NLL_null − NLL_model) / (total spikes · ln 2). */
  bitsPerSpike: number;
  /** The same per neuron (its own spikes in the denominator; NaN for a neuron without spikes). */
  perNeuron: number[];
}

/** Σ (λ − y log λ + lgamma(y + 1)), with 0·log 0 = 0. Rows whose spike count is NaN are skipped (as nlb_tools does). */
function nll(rate: number, y: number): number {
  if (Number.isNaN(y)) return 0;
  return rate - (y === 0 ? 0 : y * Math.log(rate)) + lgammaNumber(y + 1);
}

/**
 * Co-smoothing bits per spike as nlb_tools' `bits_per_spike` computes it: the Poisson negative
 * log-likelihood of the spikes under the predicted rates, against a null model that predicts each
 * neuron's mean count (over all trials and bins of `spikes` itself), divided by the total number of
 * spikes and ln 2. `rates` (expected counts per bin, > 0) and `spikes` are [rows, neurons] row-major,
 * e.g. held-out neurons of test trials flattened from [trials, bins, neurons]. NaN spikes are ignored.
 */
export function bitsPerSpike(rates: ArrayLike<number>, spikes: ArrayLike<number>, neurons: number): BitsPerSpike {
  if (rates.length !== spikes.length) throw new InputError(`bitsPerSpike: ${rates.length} rates but ${spikes.length} spike counts`, 'pass arrays of the same shape');
  if (!(Number.isInteger(neurons) && neurons >= 1) || spikes.length % neurons !== 0) throw new InputError(`bitsPerSpike: ${spikes.length} values are not a whole number of rows of ${neurons} neurons`);
  const sum = new Float64Array(neurons);
  const count = new Float64Array(neurons);
  for (let i = 0; i < spikes.length; i++) {
    const y = spikes[i];
    if (Number.isNaN(y)) continue;
    if (y < 0 || y !== Math.round(y)) throw new InputError(`bitsPerSpike: spike count ${i} is not a non-negative integer (${y})`);
    sum[i % neurons] += y;
    count[i % neurons] += 1;
  }
  const nullRate = Array.from(sum, (s, n) => s / count[n]);
  const model = new Float64Array(neurons);
  const base = new Float64Array(neurons);
  for (let i = 0; i < spikes.length; i++) {
    const n = i % neurons;
    const r = rates[i];
    if (Number.isNaN(spikes[i])) continue;
    if (!(r >= 0) || !Number.isFinite(r)) throw new InputError(`bitsPerSpike: rate ${i} is not a finite non-negative number (${r})`, 'rates are expected counts per bin (exp of the log-rate)');
    model[n] += nll(r, spikes[i]);
    base[n] += nll(nullRate[n], spikes[i]);
  }
  const totalSpikes = sum.reduce((a, b) => a + b, 0);
  const gain = Array.from(base, (b, n) => b - model[n]);
  return {
    bitsPerSpike: gain.reduce((a, b) => a + b, 0) / totalSpikes / Math.LN2,
    perNeuron: gain.map((g, n) => (sum[n] > 0 ? g / sum[n] / Math.LN2 : NaN)),
  };
}
