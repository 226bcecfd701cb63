import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConditionalGaussianPrior, MixtureOfGaussiansPrior } from '@vaekit/core';
import { exportModel } from '@vaekit/onnx';
import { OnnxVae } from '@vaekit/onnx/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH, smallVae } from '../export/models.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vaekit-onnx-prior-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const N = 6000;

/** Per-dimension mean and variance of rows of z [n, d]. */
function moments(z: Float32Array, d: number, rows: number[]): { mean: number[]; variance: number[] } {
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + z[r * d + j], 0) / rows.length);
  const variance = mean.map((m, j) => rows.reduce((s, r) => s + (z[r * d + j] - m) ** 2, 0) / rows.length);
  return { mean, variance };
}

describe('sample() draws from the exported prior', () => {
  it('mixture of Gaussians: the moments of the draws match the mixture\'s (weights, means, scales written in the manifest)', async () => {
    const vae = smallVae({ likelihood: { kind: 'gaussian' }, prior: { kind: 'mixture-of-gaussians', config: { components: 3 } } });
    const prior = vae.prior as MixtureOfGaussiansPrior;
    const logits = Array.from(prior.logits.dataSync());
    const means = prior.means.arraySync() as number[][];
    const scales = (prior.logScales.arraySync() as number[][]).map((r) => r.map(Math.exp));
    await exportModel(vae, join(root, 'mog'));
    vae.dispose();
    const model = await OnnxVae.load(join(root, 'mog'));
    try {
      expect(model.manifest.prior.kind).toBe('mixture-of-gaussians');
      const { z } = await model.sample(N, { seed: 1 });
      const w = logits.map(Math.exp);
      const total = w.reduce((a, b) => a + b, 0);
      const got = moments(z.data, 3, Array.from({ length: N }, (_, i) => i));
      for (let j = 0; j < 3; j++) {
        const mean = w.reduce((s, wk, k) => s + (wk / total) * means[k][j], 0);
        const second = w.reduce((s, wk, k) => s + (wk / total) * (scales[k][j] ** 2 + means[k][j] ** 2), 0);
        const variance = second - mean ** 2;
        expect(Math.abs(got.mean[j] - mean)).toBeLessThan(5 * Math.sqrt(variance / N));
        expect(Math.abs(got.variance[j] / variance - 1)).toBeLessThan(0.12);
      }
    } finally {
      await model.dispose();
    }
  });

  it('conditional Gaussian p(z | batch): the draws of each batch have that batch\'s mean and scale', async () => {
    const vae = smallVae({ likelihood: { kind: 'gaussian' }, covariates: [BATCH], prior: { kind: 'conditional-gaussian' } });
    const prior = vae.prior as ConditionalGaussianPrior;
    // spread the per-batch means so that a wrong row would show
    const spread = tf.mul(prior.means, 20);
    prior.means.assign(spread);
    spread.dispose();
    const means = prior.means.arraySync() as number[][];
    const scales = (prior.logScales.arraySync() as number[][]).map((r) => r.map((v) => Math.exp(Math.min(10, Math.max(-10, v)))));
    await exportModel(vae, join(root, 'cond'));
    vae.dispose();
    const model = await OnnxVae.load(join(root, 'cond'));
    try {
      const batch = Array.from({ length: N }, (_, i) => BATCH.levels?.[i % 3] as string);
      const { z } = await model.sample(N, { seed: 2, covariates: { batch } });
      for (let level = 0; level < 3; level++) {
        const rows = Array.from({ length: N / 3 }, (_, i) => 3 * i + level);
        const got = moments(z.data, 3, rows);
        for (let j = 0; j < 3; j++) {
          expect(Math.abs(got.mean[j] - means[level][j])).toBeLessThan(5 * scales[level][j] * Math.sqrt(3 / N));
          expect(Math.abs(Math.sqrt(got.variance[j]) / scales[level][j] - 1)).toBeLessThan(0.08);
        }
      }
      await expect(model.sample(3)).rejects.toThrow(/this model needs covariates: batch/);
    } finally {
      await model.dispose();
    }
  });
});
