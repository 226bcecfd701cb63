import * as tf from '@tensorflow/tfjs-core';
import type { DataSource } from '../data/batch.js';
import { ConfigError } from '../errors.js';
import type { VAE } from './vae.js';

export interface ActiveUnits {
  /** Mean KL(q(z_d | x) ‖ p(z_d)) over the data, per latent dimension (nats). */
  klPerDim: number[];
  /** Indices of the dimensions whose mean KL exceeds the threshold. */
  active: number[];
  threshold: number;
}

/**
 * Active latent units: a dimension is active when its mean KL over the data exceeds `threshold`
 * nats (an inactive one has collapsed to the prior and carries no information about x).
 */
export function activeUnits(model: VAE, data: DataSource, options: { threshold?: number; batchSize?: number } = {}): ActiveUnits {
  const threshold = options.threshold ?? 0.01;
  const batchSize = options.batchSize ?? 512;
  if (data.size === 0) throw new ConfigError('activeUnits: the data source is empty');
  const sums = new Float64Array(model.latentDim);
  for (let start = 0; start < data.size; start += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, data.size - start) }, (_, i) => start + i);
    const batch = data.batch(idx);
    const perDim = tf.tidy(() => {
      const q = model.posterior(batch.x, batch.covariates);
      const z = q.loc; // analytic priors ignore z; Monte-Carlo ones read the KL at the posterior mean
      return tf.sum(model.prior.klPerDim(q, z, batch.covariates), 0);
    });
    const values = perDim.dataSync();
    for (let d = 0; d < values.length; d++) sums[d] += values[d];
    perDim.dispose();
    for (const t of Object.values(batch)) t?.dispose();
  }
  const klPerDim = Array.from(sums, (s) => s / data.size);
  return { klPerDim, active: klPerDim.flatMap((v, d) => (v > threshold ? [d] : [])), threshold };
}
