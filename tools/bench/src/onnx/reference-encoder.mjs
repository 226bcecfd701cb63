/**
 * The reference model of FACTS.md as a core VAE (encoder log1p(x) → 256 → 128 → 32 mean and
 * log-variance, NB decoder), untrained (seeded weights: latency does not depend on them), and
 * simulated counts to feed it.
 */
import { simulateCounts, VAE } from '@vaekit/core';

export const GENES = 2000;
export const LATENT = 32;

export function referenceVae() {
  return VAE.create({
    featureDim: GENES,
    latentDim: LATENT,
    encoder: { kind: 'mlp', config: { hidden: [256, 128], inputTransform: 'log1p' } },
    decoder: { kind: 'mlp', config: { hidden: [128, 256] } },
    likelihood: { kind: 'nb' },
    featureNames: Array.from({ length: GENES }, (_, g) => `gene${g + 1}`),
    seed: 1,
  });
}

/** 1024 cells of simulated NB counts (10 cell types) as a row-major Float32Array. */
export function referenceCounts(cells = 1024) {
  return simulateCounts({ cells, genes: GENES, cellTypes: 10, seed: 3 }).counts;
}
