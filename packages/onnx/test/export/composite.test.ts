import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportModel, OnnxVae } from '@vaekit/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { read, values } from '../helpers.js';
import { BATCH, covariateRows, smallVae } from './models.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vaekit-onnx-composite-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const ROWS = 7;
const F = 13; // rna 8 + protein 3 + flags 2

describe('composite likelihood (column groups with their own likelihoods)', () => {
  it('exports <group>.<output> decoder outputs with a library input per group, and reconstruct matches the TensorFlow.js model', async () => {
    const vae = smallVae({
      featureDim: F,
      covariates: [BATCH],
      encoder: { inputTransform: 'log1p' },
      likelihood: {
        kind: 'composite',
        config: {
          groups: [
            { name: 'rna', size: 8, likelihood: { kind: 'nb' } },
            { name: 'protein', size: 3, likelihood: { kind: 'poisson' } },
            { name: 'flags', size: 2, likelihood: { kind: 'bernoulli' } },
          ],
        },
      },
    });
    try {
      const dir = join(root, 'c');
      const m = await exportModel(vae, dir);
      expect(m.networks.decoder.inputs.map((i) => [i.name, i.group, i.columns])).toEqual([
        ['z', undefined, undefined],
        ['covariates', undefined, undefined],
        ['library.rna', 'rna', [0, 8]],
        ['library.protein', 'protein', [8, 11]],
      ]);
      expect(m.likelihood.outputs.map((o) => o.name)).toEqual(['rna.mean', 'rna.theta', 'protein.mean', 'flags.logits', 'flags.probs']);
      expect(m.preprocessing.inputDomain).toBe('real');

      const x = new Float32Array(ROWS * F);
      const u = values(ROWS * F, 3, 0, 1);
      for (let r = 0; r < ROWS; r++) for (let c = 0; c < F; c++) x[r * F + c] = c < 8 ? Math.floor(u[r * F + c] ** 2 * 80) : c < 11 ? Math.floor(u[r * F + c] * 400) : u[r * F + c] > 0.5 ? 1 : 0;
      const cov = covariateRows([BATCH], ROWS);
      const model = await OnnxVae.load(dir);
      try {
        const rec = await model.reconstruct({ data: x, rows: ROWS, cols: F }, { covariates: cov.values });
        const want = read(tf.tidy(() => vae.reconstruct(tf.tensor2d(x, [ROWS, F]), { covariates: tf.tensor2d(cov.onehot, [ROWS, 3]) })));
        const got = new Float32Array(ROWS * F);
        for (let r = 0; r < ROWS; r++) {
          got.set(rec['rna.mean'].data.subarray(r * 8, r * 8 + 8), r * F);
          got.set(rec['protein.mean'].data.subarray(r * 3, r * 3 + 3), r * F + 8);
          got.set(rec['flags.probs'].data.subarray(r * 2, r * 2 + 2), r * F + 11);
        }
        const rel = Math.max(...Array.from(got, (v, i) => Math.abs(v - want.data[i]) / Math.max(1, Math.abs(want.data[i]))));
        expect(rel).toBeLessThanOrEqual(1e-4);
        // the protein group's mean sums to the protein columns' total, not the row's
        const proteinTotal = x.subarray(8, 11).reduce((a, b) => a + b, 0);
        expect(rec['protein.mean'].data.subarray(0, 3).reduce((a, b) => a + b, 0)).toBeCloseTo(Math.max(1, proteinTotal), 1);
        await expect(model.decode({ data: new Float32Array(3), rows: 1, cols: 3 }, { covariates: { batch: ['b1'] }, library: { rna: new Float32Array([10]) } })).rejects.toThrow(
          /needs each row's library size of "protein" \(total counts of its columns\)/,
        );
      } finally {
        await model.dispose();
      }
    } finally {
      vae.dispose();
    }
  });
});
