import { ConfigError } from '@vaekit/core';
import type { SpikeCounts } from '../data/spike-counts.js';

/**
 * Gaussian smoothing of binned counts along time, within each trial: kernel standard deviation
 * `sigma` bins, truncated at ±4σ, renormalised near the trial edges (so a constant rate stays
 * constant). Returns expected counts per bin [trials, bins, neurons]. The classic baseline for
 * inferred firing rates.
 */
export function gaussianSmooth(counts: SpikeCounts, sigma: number): Float32Array {
  if (!(sigma > 0 && Number.isFinite(sigma))) throw new ConfigError(`gaussianSmooth: sigma must be a positive number of bins, got ${sigma}`);
  const { trials, bins, neurons, data } = counts;
  const half = Math.max(1, Math.ceil(4 * sigma));
  const kernel = Float64Array.from({ length: 2 * half + 1 }, (_, i) => Math.exp(-0.5 * ((i - half) / sigma) ** 2));
  const out = new Float32Array(data.length);
  const acc = new Float64Array(neurons);
  for (let r = 0; r < trials; r++) {
    for (let t = 0; t < bins; t++) {
      acc.fill(0);
      let wsum = 0;
      const lo = Math.max(0, t - half);
      const hi = Math.min(bins - 1, t + half);
      for (let s = lo; s <= hi; s++) {
        const w = kernel[s - t + half];
        wsum += w;
        const row = (r * bins + s) * neurons;
        for (let n = 0; n < neurons; n++) acc[n] += w * data[row + n];
      }
      const row = (r * bins + t) * neurons;
      for (let n = 0; n < neurons; n++) out[row + n] = acc[n] / wsum;
    }
  }
  return out;
}
