import { VAE, type CovariateSpec, type JsonObject } from '@vaekit/core';
import { randomizeWeights } from '../helpers.js';

export const BATCH: CovariateSpec = { name: 'batch', type: 'categorical', levels: ['b1', 'b2', 'b3'] };
export const DONOR: CovariateSpec = { name: 'donor', type: 'categorical', levels: ['d1', 'd2'] };

/** A small VAE with seeded random weights (biases and gains non-trivial), for parity tests. */
export function smallVae(options: {
  likelihood: { kind: string; config?: JsonObject };
  featureDim?: number;
  covariates?: CovariateSpec[];
  encoder?: JsonObject;
  decoder?: JsonObject;
  prior?: { kind: string; config?: JsonObject };
  featureNames?: string[];
  seed?: number;
}): VAE {
  const vae = VAE.create({
    featureDim: options.featureDim ?? 12,
    latentDim: 3,
    covariates: options.covariates,
    encoder: { kind: 'mlp', config: { hidden: [10], ...options.encoder } },
    decoder: { kind: 'mlp', config: { hidden: [8], ...options.decoder } },
    likelihood: options.likelihood,
    prior: options.prior,
    featureNames: options.featureNames,
    seed: options.seed ?? 1,
  });
  randomizeWeights(vae.variables(), options.seed ?? 1, 0.4);
  return vae;
}

/** Covariate values (labels per covariate) and their one-hot matrix, for `rows` rows. */
export function covariateRows(specs: CovariateSpec[], rows: number): { values: Record<string, string[]>; onehot: Float32Array } {
  const width = specs.reduce((n, s) => n + (s.levels?.length ?? 1), 0);
  const onehot = new Float32Array(rows * width);
  const values: Record<string, string[]> = {};
  let offset = 0;
  for (const s of specs) {
    const levels = s.levels ?? [];
    values[s.name] = Array.from({ length: rows }, (_, r) => levels[(r * 7 + offset) % levels.length]);
    values[s.name].forEach((l, r) => (onehot[r * width + offset + levels.indexOf(l)] = 1));
    offset += levels.length;
  }
  return { values, onehot };
}
