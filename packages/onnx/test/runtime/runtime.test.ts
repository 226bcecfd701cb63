import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { InputError, ModelFormatError, type VAE } from '@vaekit/core';
import { exportModel } from '@vaekit/onnx';
import { OnnxVae, readManifest, sha256, type Matrix } from '@vaekit/onnx/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, read, values } from '../helpers.js';
import { BATCH, covariateRows, smallVae } from '../export/models.js';

const F = 10;
const GENES = Array.from({ length: F }, (_, i) => `gene${i}`);
let root: string;
let dir: string;
let vae: VAE;
let runner: OnnxVae;

const counts = (rows: number, seed = 1): Matrix => ({ data: Float32Array.from(values(rows * F, seed, 0, 1), (u) => Math.floor(u ** 3 * 60)), rows, cols: F });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vaekit-onnx-rt-'));
  dir = join(root, 'nb');
  vae = smallVae({ likelihood: { kind: 'nb' }, covariates: [BATCH], featureDim: F, encoder: { inputTransform: 'log1p' }, featureNames: GENES });
  await exportModel(vae, dir, { name: 'nb' });
  runner = await OnnxVae.load(dir);
});
afterAll(async () => {
  await runner.dispose();
  vae.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('readManifest', () => {
  it('records the sha256 and size of every file and verifies them on load', async () => {
    const m = await readManifest(dir);
    const bytes = await readFile(join(dir, 'encoder.onnx'));
    expect(m.files['encoder.onnx']).toEqual({ sha256: sha256(bytes), bytes: bytes.length });
    expect(m.featureNames).toEqual(GENES);
  });

  it('a corrupt, missing or unknown-version export is a ModelFormatError that says what to do', async () => {
    const copy = join(root, 'copy');
    await rm(copy, { recursive: true, force: true });
    await exportModel(vae, copy);
    const enc = await readFile(join(copy, 'decoder.onnx'));
    enc[enc.length - 5] ^= 0xff;
    await writeFile(join(copy, 'decoder.onnx'), enc);
    await expect(readManifest(copy)).rejects.toThrow(/decoder\.onnx is corrupt: .*sha256.*export the model again/);
    await expect(OnnxVae.load(copy)).rejects.toBeInstanceOf(ModelFormatError);
    await rm(join(copy, 'decoder.onnx'));
    await expect(readManifest(copy)).rejects.toThrow(/decoder\.onnx, listed in manifest\.json, is missing/);
    await copyFile(join(dir, 'decoder.onnx'), join(copy, 'decoder.onnx'));
    const manifest = JSON.parse(await readFile(join(copy, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(copy, 'manifest.json'), JSON.stringify({ ...manifest, formatVersion: 2 }));
    await expect(readManifest(copy)).rejects.toThrow(/formatVersion 2; this @vaekit\/onnx reads version 1 — upgrade @vaekit\/onnx/);
    await writeFile(join(copy, 'manifest.json'), '{ not json');
    await expect(readManifest(copy)).rejects.toThrow(/is not valid JSON/);
    await expect(readManifest(join(root, 'nowhere'))).rejects.toThrow(/is not an exported ONNX model: cannot read manifest\.json \(ENOENT\)/);
  });
});

describe('OnnxVae', () => {
  it('reconstruct = decode(embed(x).mean) with each row\'s observed total (≥ 1) as library size', async () => {
    const x = counts(6);
    x.data.fill(0, 0, F); // an empty row: library clamps to 1
    const cov = covariateRows([BATCH], 6).values;
    const rec = await runner.reconstruct(x, { covariates: cov });
    const { mean } = await runner.embed(x, { covariates: cov });
    const totals = Float32Array.from({ length: 6 }, (_, r) => Math.max(1, x.data.subarray(r * F, (r + 1) * F).reduce((a, b) => a + b, 0)));
    const dec = await runner.decode(mean, { covariates: cov, library: totals });
    expect(maxAbsDiff(rec.mean.data, dec.mean.data)).toBe(0);
    // NB mean sums to the library size per row (library × softmax)
    for (let r = 0; r < 6; r++) expect(rec.mean.data.subarray(r * F, (r + 1) * F).reduce((a, b) => a + b, 0)).toBeCloseTo(totals[r], 2);
  });

  it('sample draws z from the prior with a seed (repeatable) and decodes it', async () => {
    const cov = covariateRows([BATCH], 500).values;
    const library = new Float32Array(500).fill(100);
    const a = await runner.sample(500, { seed: 3, covariates: cov, library });
    const b = await runner.sample(500, { seed: 3, covariates: cov, library });
    const c = await runner.sample(500, { seed: 4, covariates: cov, library });
    expect(Array.from(a.z.data)).toEqual(Array.from(b.z.data));
    expect(Array.from(a.z.data)).not.toEqual(Array.from(c.z.data));
    expect(Object.keys(a).sort()).toEqual(['mean', 'theta', 'z']);
    const zs = Array.from(a.z.data);
    const m = zs.reduce((s, v) => s + v, 0) / zs.length;
    const v = zs.reduce((s, x) => s + (x - m) ** 2, 0) / zs.length;
    // standard normal: mean 0 ± 4 standard errors, variance 1 ± 10%
    expect(Math.abs(m)).toBeLessThan(4 / Math.sqrt(zs.length));
    expect(Math.abs(v - 1)).toBeLessThan(0.1);
    const ref = read(tf.tidy(() => vae.generative(tf.tensor2d(a.z.data, [500, 3]), { covariates: tf.tensor2d(covariateRows([BATCH], 500).onehot, [500, 3]), context: { logLibrarySize: tf.fill([500, 1], Math.log(100)) } }).mean()));
    expect(maxAbsDiff(a.mean.data, ref.data)).toBeLessThan(1e-3);
  });

  it('checks inputs against the manifest with InputErrors that say what to fix', async () => {
    const cov = covariateRows([BATCH], 2).values;
    await expect(runner.embed({ data: new Float32Array(2 * 9), rows: 2, cols: 9 }, { covariates: cov })).rejects.toThrow(/x has 9 columns, but the model expects 10 features — reorder the columns .*alignFeatures/);
    await expect(runner.embed({ data: new Float32Array(5), rows: 2, cols: F }, { covariates: cov })).rejects.toThrow(/5 values for 2 × 10/);
    const bad = counts(2);
    bad.data[13] = -1;
    await expect(runner.embed(bad, { covariates: cov })).rejects.toThrow(/x: negative count \(-1\) at row 1, column 3 — this model reads raw counts/);
    bad.data[13] = 0.5;
    await expect(runner.embed(bad, { covariates: cov })).rejects.toThrow(/non-integer count/);
    // the encoder does not read the covariates (useCovariates false); the decoder does
    await expect(runner.embed(counts(2))).resolves.toBeDefined();
    await expect(runner.reconstruct(counts(2))).rejects.toThrow(/this model needs covariates: batch/);
    await expect(runner.reconstruct(counts(2), { covariates: { batch: ['b1', 'b9'] } })).rejects.toThrow(/covariate "batch" of row 1 is "b9", not one of the model's categories — categories: b1, b2, b3/);
    await expect(runner.reconstruct(counts(2), { covariates: { batch: ['b1'] } })).rejects.toThrow(/1 values for 2 rows/);
    await expect(runner.reconstruct(counts(2), { covariates: { ...cov, plate: ['a', 'b'] } })).rejects.toThrow(/unknown covariate\(s\) plate/);
    const z = { data: new Float32Array(6), rows: 2, cols: 3 };
    await expect(runner.decode(z, { covariates: cov })).rejects.toThrow(/needs each row's library size .* options\.library/);
    await expect(runner.decode(z, { covariates: cov, library: new Float32Array([1, 0]) })).rejects.toThrow(/library size of row 1 is 0/);
    await expect(runner.decode({ data: new Float32Array(4), rows: 2, cols: 2 }, { covariates: cov })).rejects.toThrow(/z has 2 columns, but the model expects 3 latent dimensions/);
    await expect(runner.sample(0)).rejects.toBeInstanceOf(InputError);
  });

  it('alignFeatures reorders named columns, zero-fills missing ones with a warning, refuses too little overlap', async () => {
    const warnings: string[] = [];
    const r = await OnnxVae.load(dir, { warn: (m) => warnings.push(m) });
    try {
      const x = counts(3, 5);
      // the query: columns reversed, gene3 missing, an extra gene
      const names = [...GENES].reverse().filter((g) => g !== 'gene3').concat('extra');
      const q = { data: new Float32Array(3 * names.length), rows: 3, cols: names.length };
      for (let row = 0; row < 3; row++) names.forEach((n, j) => (q.data[row * names.length + j] = n === 'extra' ? 7 : x.data[row * F + GENES.indexOf(n)]));
      const aligned = r.alignFeatures(names, q);
      expect(aligned.cols).toBe(F);
      for (let row = 0; row < 3; row++) for (let c = 0; c < F; c++) expect(aligned.data[row * F + c]).toBe(c === 3 ? 0 : x.data[row * F + c]);
      expect(warnings).toEqual([expect.stringMatching(/1 of the model's 10 features are not in the data and were filled with zeros: gene3/)]);
      expect(() => r.alignFeatures(['gene0', 'gene1', 'x', 'y'], { data: new Float32Array(4), rows: 1, cols: 4 })).toThrow(/only 2 of the model's 10 features/);
    } finally {
      await r.dispose();
    }
  });

  it("executionProvider 'cuda' without CUDA libraries falls back to CPU with one warning", async () => {
    const warnings: string[] = [];
    const r = await OnnxVae.load(dir, { executionProvider: 'cuda', warn: (m) => warnings.push(m) });
    try {
      expect(r.executionProvider).toBe('cpu');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/CUDA execution provider is unavailable .*running on CPU/);
      const out = await r.embed(counts(2), { covariates: covariateRows([BATCH], 2).values });
      expect(out.mean.rows).toBe(2);
    } finally {
      await r.dispose();
    }
  });
});
