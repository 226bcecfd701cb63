// The NB-VAE against simulated counts whose truth is known: cell types, dispersion, library sizes.
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { nearestCentroidAccuracy } from '../../src/examples/separation.js';
import { ArraySource, loadModel, saveModel, simulateCounts, train, VAE, type NbLikelihood } from '../../src/index.js';

function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const rank = (v: ArrayLike<number>) => {
    const idx = Array.from(v, (_, i) => i).sort((i, j) => v[i] - v[j]);
    const r = new Float64Array(v.length);
    idx.forEach((i, k) => (r[i] = k));
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const n = a.length;
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (ra[i] - rb[i]) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe('NB-VAE on simulated counts', () => {
  it('separates the true cell types, learns the per-gene dispersion, and improves log p(x)', async () => {
    const sim = simulateCounts({ cells: 900, genes: 120, cellTypes: 3, seed: 4, theta: [1, 30], typeEffect: 0.8 });
    const data = new ArraySource({ n: sim.cells, featureDim: sim.genes, x: sim.counts });
    const vae = VAE.create({
      featureDim: sim.genes,
      latentDim: 4,
      encoder: { kind: 'mlp', config: { hidden: [64], inputTransform: 'log1p' } },
      decoder: { kind: 'mlp', config: { hidden: [64] } },
      likelihood: { kind: 'nb' },
      seed: 1,
    });
    const x = tf.tensor2d(sim.counts.subarray(0, 300 * sim.genes), [300, sim.genes]);
    const llBefore = tf.tidy(() => tf.mean(vae.marginalLogLikelihood(x, 20, { seed: 1 })).dataSync()[0]);
    await lastValueFrom(train(vae, data, { epochs: 30, batchSize: 64, learningRate: 1e-2, seed: 2 }));
    const llAfter = tf.tidy(() => tf.mean(vae.marginalLogLikelihood(x, 20, { seed: 1 })).dataSync()[0]);
    expect(llAfter).toBeGreaterThan(llBefore + 100);

    const z = tf.tidy(() => vae.embed(x).arraySync() as number[][]);
    expect(nearestCentroidAccuracy(z, Array.from(sim.cellType.subarray(0, 300)))).toBeGreaterThan(0.97);

    const learnedTheta = tf.tidy(() => tf.exp((vae.likelihood as NbLikelihood).dispersion.logTheta as tf.Tensor).dataSync());
    // θ is identifiable where counts are high enough for over-dispersion to show: the better-expressed half of genes
    const geneMean = Array.from({ length: sim.genes }, (_, g) => sim.counts.reduce((s, v, i) => (i % sim.genes === g ? s + v : s), 0) / sim.cells);
    const cut = [...geneMean].sort((a, b) => a - b)[Math.floor(sim.genes / 2)];
    const expressed = geneMean.flatMap((m, g) => (m >= cut ? [g] : []));
    const rho = spearman(expressed.map((g) => learnedTheta[g]), expressed.map((g) => sim.theta[g]));
    expect(rho).toBeGreaterThan(0.8); // 0.92–0.97 across simulation seeds
    x.dispose();
    vae.dispose();
  });

  it('saves and loads with identical outputs: covariates, conditional prior, ZINB with per-batch dispersion', async () => {
    const covariates = [{ name: 'batch', type: 'categorical' as const, levels: ['b1', 'b2'] }];
    const vae = VAE.create({
      featureDim: 6,
      latentDim: 3,
      covariates,
      encoder: { kind: 'mlp', config: { hidden: [8], inputTransform: 'log1p', useCovariates: true, layerNorm: true } },
      decoder: { kind: 'mlp', config: { hidden: [8] } },
      likelihood: { kind: 'zinb', config: { dispersion: 'gene-covariate', dispersionCovariate: 'batch' } },
      prior: { kind: 'conditional-gaussian' },
      featureNames: ['a', 'b', 'c', 'd', 'e', 'f'],
      seed: 9,
    });
    const dir = await mkdtemp(join(tmpdir(), 'vaekit-vae-'));
    try {
      await saveModel(vae, join(dir, 'm'));
      const loaded = (await loadModel(join(dir, 'm'))) as VAE;
      expect(loaded.config).toEqual(vae.config);
      tf.tidy(() => {
        const x = tf.tensor2d([[0, 3, 1, 9, 0, 2], [5, 0, 0, 1, 1, 7]]);
        const covariates = tf.tensor2d([[1, 0], [0, 1]]);
        const a = vae.elbo({ x, covariates }, { seed: 3 });
        const b = loaded.elbo({ x, covariates }, { seed: 3 });
        expect(b.loss.dataSync()[0]).toBe(a.loss.dataSync()[0]);
        expect(Array.from(loaded.reconstruct(x, { covariates }).dataSync())).toEqual(Array.from(vae.reconstruct(x, { covariates }).dataSync()));
      });
      loaded.dispose();
    } finally {
      vae.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
