import { InputError } from '@vaekit/core';
import type { SpikeCounts } from './spike-counts.js';

/** What the observations are: counts (Poisson), 0/1 spikes (Bernoulli) or real-valued traces (Gaussian). */
export type Observation = 'counts' | 'binary' | 'continuous';

function where(counts: SpikeCounts, i: number): string {
  const n = counts.neurons;
  return `trial ${Math.floor(i / (counts.bins * n))}, bin ${Math.floor(i / n) % counts.bins}, neuron ${counts.neuronIds?.[i % n] ?? i % n}`;
}

/**
 * Throws an InputError naming the first bad value and where it is: NaN/Inf anywhere; for counts,
 * negative or non-integer values; for binary, anything but 0 and 1. Also checks that the trials
 * have at least `minBins` bins.
 */
export function validateSpikeCounts(counts: SpikeCounts, observation: Observation = 'counts', minBins = 1, label = 'spike counts'): void {
  if (counts.bins < minBins) {
    throw new InputError(`${label}: trials have ${counts.bins} bin(s), but the model needs at least ${minBins}`, 'use longer trials or windows (or a larger recording), or smaller bins');
  }
  const d = counts.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    let problem: string | undefined;
    if (!Number.isFinite(v)) problem = `non-finite value (${v})`;
    else if (observation === 'counts' && v < 0) problem = `negative count (${v})`;
    else if (observation === 'counts' && v !== Math.round(v)) problem = `non-integer count (${v})`;
    else if (observation === 'binary' && v !== 0 && v !== 1) problem = `value ${v} is not 0 or 1`;
    if (problem) {
      const hint =
        observation === 'counts'
          ? 'spike counts must be non-negative integers: pass raw binned counts (not rates or smoothed values), or use the gaussian observation model for continuous traces'
          : observation === 'binary'
            ? 'the bernoulli observation model takes binary spikes: binarise the counts first, or use poisson'
            : 'remove or impute NaN/Inf values first';
      throw new InputError(`${label}: ${problem} at ${where(counts, i)}`, hint);
    }
  }
}
