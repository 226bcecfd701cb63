import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CovariateSpec, type JsonObject, type VAE } from '@vaekit/core';
import { expectNoTensorLeak } from '@vaekit/core/testing';
import { exportModel, OnnxVae } from '@vaekit/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, read, values } from '../helpers.js';
import { BATCH, covariateRows, DONOR, smallVae } from './models.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vaekit-onnx-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const ROWS = 9;
const F = 12;

/** Counts rows with varied totals. */
function counts(rows: number, seed: number): Float32Array {
  return Float32Array.from(values(rows * F, seed, 0, 1), (u, i) => Math.floor(u ** 4 * (20 + 300 * ((i / F) % 3))));
}

interface Case {
  name: string;
  likelihood: { kind: string; config?: JsonObject };
  covariates?: CovariateSpec[];
  encoder?: JsonObject;
  decoder?: JsonObject;
  data(rows: number): Float32Array;
  outputs: string[];
  library: boolean;
}

const CASES: Case[] = [
  { name: 'NB, θ per gene, log1p encoder, batch covariate', likelihood: { kind: 'nb' }, covariates: [BATCH], encoder: { inputTransform: 'log1p' }, data: (r) => counts(r, 1), outputs: ['mean', 'theta'], library: true },
  {
    name: 'NB, θ per gene × batch, two covariates, encoder reads them, layer norm + gelu',
    likelihood: { kind: 'nb', config: { dispersion: 'gene-covariate', dispersionCovariate: 'batch' } },
    covariates: [BATCH, DONOR],
    encoder: { inputTransform: 'log1p-cp10k', useCovariates: true, layerNorm: true, activation: 'gelu' },
    decoder: { layerNorm: true, activation: 'elu', hidden: [8, 6] },
    data: (r) => counts(r, 2),
    outputs: ['mean', 'theta'],
    library: true,
  },
  { name: 'NB, θ per cell (decoder head)', likelihood: { kind: 'nb', config: { dispersion: 'gene-cell' } }, encoder: { inputTransform: 'log1p' }, data: (r) => counts(r, 3), outputs: ['mean', 'theta'], library: true },
  { name: 'ZINB, batch covariate', likelihood: { kind: 'zinb' }, covariates: [BATCH], encoder: { inputTransform: 'log1p' }, data: (r) => counts(r, 4), outputs: ['mean', 'theta', 'gateLogits'], library: true },
  { name: 'Poisson with library offset', likelihood: { kind: 'poisson' }, encoder: { inputTransform: 'log1p' }, data: (r) => counts(r, 5), outputs: ['mean'], library: true },
  { name: 'Poisson without library offset', likelihood: { kind: 'poisson', config: { libraryOffset: false } }, encoder: { inputTransform: 'log1p' }, data: (r) => counts(r, 6), outputs: ['mean'], library: false },
  { name: 'Gaussian, learned scale, tanh', likelihood: { kind: 'gaussian' }, encoder: { activation: 'tanh' }, data: (r) => values(r * F, 7, -3, 3), outputs: ['loc', 'scale'], library: false },
  { name: 'Gaussian, fixed scale', likelihood: { kind: 'gaussian', config: { variance: 'fixed', scale: 0.3 } }, covariates: [DONOR], data: (r) => values(r * F, 8, -3, 3), outputs: ['loc', 'scale'], library: false },
  { name: 'Bernoulli', likelihood: { kind: 'bernoulli' }, encoder: { activation: 'softplus' }, data: (r) => Float32Array.from(values(r * F, 9, 0, 1), (u) => (u > 0.6 ? 1 : 0)), outputs: ['logits', 'probs'], library: false },
  { name: 'categorical, 4 classes', likelihood: { kind: 'categorical', config: { classes: 4 } }, data: (r) => Float32Array.from(values(r * F, 10, 0, 4), Math.floor), outputs: ['logits', 'probs'], library: false },
];

describe('exportModel + OnnxVae: every built-in likelihood', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      let vae: VAE;
      let dir: string;
      let runner: OnnxVae;
      beforeAll(async () => {
        vae = smallVae({ likelihood: c.likelihood, covariates: c.covariates, encoder: c.encoder, decoder: c.decoder, featureDim: F });
        dir = join(root, c.name.replace(/[^a-z0-9]+/gi, '-'));
        await expectNoTensorLeak(() => exportModel(vae, dir, { name: 'm', metadata: { note: c.name } }), 'exportModel');
        runner = await OnnxVae.load(dir);
      });
      afterAll(async () => {
        vae.dispose();
        await runner.dispose();
      });

      it('writes encoder.onnx, decoder.onnx and a manifest that describes them', async () => {
        expect((await readdir(dir)).sort()).toEqual(['decoder.onnx', 'encoder.onnx', 'manifest.json']);
        const m = runner.manifest;
        expect(m).toMatchObject({ format: 'vaekit-onnx', formatVersion: 1, name: 'm', modelKind: 'vae', opset: 17, latentDim: 3, featureDim: F, metadata: { note: c.name } });
        expect(m.likelihood.kind).toBe(c.likelihood.kind);
        expect(m.likelihood.outputs.map((o) => o.name)).toEqual(c.outputs);
        expect(m.networks.decoder.outputs.map((o) => o.name)).toEqual(c.outputs);
        expect(m.networks.encoder.outputs.map((o) => [o.name, o.shape])).toEqual([['mean', ['batch', 3]], ['logvar', ['batch', 3]]]);
        expect(m.networks.decoder.inputs.map((i) => i.name)).toEqual(['z', ...(c.covariates ? ['covariates'] : []), ...(c.library ? ['library'] : [])]);
        expect(m.preprocessing.library).toBe(c.library ? 'observed-total' : null);
        expect(Object.keys(m.files).sort()).toEqual(['decoder.onnx', 'encoder.onnx']);
        for (const net of Object.values(m.parity.maxError)) for (const err of Object.values(net)) expect(err).toBeLessThanOrEqual(1e-4);
      });

      it('embed and decode equal the TensorFlow.js model within 1e-4 (relative above 1)', async () => {
        const x = c.data(ROWS);
        const cov = c.covariates ? covariateRows(c.covariates, ROWS) : undefined;
        const { mean, logVar } = await runner.embed({ data: x, rows: ROWS, cols: F }, { covariates: cov?.values });
        const want = tf.tidy(() => {
          const ct = cov ? tf.tensor2d(cov.onehot, [ROWS, cov.onehot.length / ROWS]) : undefined;
          const q = vae.posterior(tf.tensor2d(x, [ROWS, F]), ct);
          return { loc: read(q.loc), logVar: read(tf.mul(tf.log(q.scale), 2)) };
        });
        expect(maxAbsDiff(mean.data, want.loc.data)).toBeLessThanOrEqual(1e-4);
        expect(maxAbsDiff(logVar.data, want.logVar.data)).toBeLessThanOrEqual(1e-4);

        const library = Float32Array.from({ length: ROWS }, (_, r) => 50 + 400 * r);
        const decoded = await runner.decode(mean, { covariates: cov?.values, library: c.library ? library : undefined });
        expect(Object.keys(decoded)).toEqual(c.outputs);
        const ref = tf.tidy(() => {
          const ct = cov ? tf.tensor2d(cov.onehot, [ROWS, cov.onehot.length / ROWS]) : undefined;
          const ctx = c.library ? { logLibrarySize: tf.log(tf.tensor2d(library, [ROWS, 1])) } : {};
          const dist = vae.generative(tf.tensor2d(mean.data, [ROWS, 3]), { covariates: ct, context: ctx });
          return read(dist.mean());
        });
        // every likelihood's first output's transform is checked against the distribution's mean
        const onnxMean =
          c.likelihood.kind === 'zinb'
            ? decoded.mean.data.map((m, i) => m / (1 + Math.exp(decoded.gateLogits.data[i])))
            : c.likelihood.kind === 'gaussian'
              ? decoded.loc.data
              : c.likelihood.kind === 'nb' || c.likelihood.kind === 'poisson'
                ? decoded.mean.data
                : decoded.probs.data;
        const rel = Math.max(...Array.from(onnxMean, (v, i) => Math.abs(v - ref.data[i]) / Math.max(1, Math.abs(ref.data[i]))));
        expect(rel).toBeLessThanOrEqual(1e-4);
      });
    });
  }
});
