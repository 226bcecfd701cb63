// Simulated RNA + protein counts driven by a known 2-D latent, a quarter of the cells missing one
// modality: the fitted model recovers the latent (linear R²), imputes protein from RNA, treats a
// missing modality exactly as one left out, leaks nothing, and survives save/load.
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, pearson } from '@vaekit/core';
import { expectNoTensorLeak } from '@vaekit/core/testing';
import { linearR2, MultimodalModel, MultimodalVAE, simulateMultimodal, type MultimodalInput } from '@vaekit/multimodal';

const sim = simulateMultimodal({ cells: 600, latentDim: 2, genes: 60, proteins: 12, missing: { rna: 0.125, protein: 0.125 }, seed: 1 });
const full: MultimodalInput = { cells: sim.cells, modalities: { rna: { x: sim.rna }, protein: { x: sim.protein } } };

function create(fusion: string): MultimodalModel {
  const mlp = (inputTransform: string) => ({ kind: 'mlp', config: { hidden: [32], inputTransform } });
  return MultimodalModel.create({
    latentDim: 2,
    modalities: [
      { name: 'rna', featureDim: sim.genes, encoder: mlp('log1p-cp10k'), decoder: { kind: 'mlp', config: { hidden: [32] } }, likelihood: { kind: 'nb' } },
      { name: 'protein', featureDim: sim.proteins, encoder: mlp('log1p'), decoder: { kind: 'mlp', config: { hidden: [32] } }, likelihood: { kind: 'nb-mixture' } },
    ],
    fusion: { kind: fusion },
    seed: 1,
  });
}

const TRAIN = { epochs: 80, batchSize: 100, learningRate: 5e-3, seed: 1, klSchedule: { kind: 'linear', warmupEpochs: 10 } };

/** Median over proteins of the Pearson correlation between imputed and true log mean protein. */
function proteinAgreement(imputed: Float32Array): number {
  const p = sim.proteins;
  const rs = Array.from({ length: p }, (_, j) => {
    const a = sim.cells.map((_, i) => Math.log1p(imputed[i * p + j]));
    const b = sim.cells.map((_, i) => Math.log1p(sim.proteinMean[i * p + j]));
    return pearson(a, b);
  }).sort((x, y) => x - y);
  return rs[Math.floor(p / 2)];
}

describe('product of experts on partially paired simulated data', () => {
  let model: MultimodalModel;
  beforeAll(async () => {
    model = create('poe');
    await expectNoTensorLeak(() => model.fit(sim.input, TRAIN), 'fit');
  });
  afterAll(() => model.dispose());

  it('recovers the true latent (linear R² > 0.85), also from RNA alone', async () => {
    const z = await expectNoTensorLeak(() => model.latent(sim.input), 'latent');
    expect(z.nRows).toBe(600);
    expect(linearR2(sim.z, 2, z.data, 2).mean).toBeGreaterThan(0.85);
    // the cells that lack a modality are placed as well as the rest
    const rows = [...sim.missing.rna, ...sim.missing.protein];
    const pick = (a: Float32Array) => Float32Array.from(rows.flatMap((i) => [a[2 * i], a[2 * i + 1]]));
    expect(linearR2(pick(sim.z), 2, pick(z.data), 2).mean).toBeGreaterThan(0.75);
    expect(linearR2(sim.z, 2, model.latent(full, { using: ['rna'] }).data, 2).mean).toBeGreaterThan(0.9);
  });

  it('a missing modality is the same as leaving it out, whatever the missing rows hold', () => {
    const hidden = sim.missing.protein;
    const masked = model.latent({ cells: sim.cells, modalities: { rna: { x: sim.rna }, protein: { x: sim.protein.map((v, k) => (hidden.includes(Math.floor(k / sim.proteins)) ? Number.NaN : v)), missing: hidden } } });
    const rnaOnly = model.latent(full, { using: ['rna'] });
    for (const i of hidden) for (let d = 0; d < 2; d++) expect(masked.data[2 * i + d]).toBeCloseTo(rnaOnly.data[2 * i + d], 5);
  });

  it('imputes protein from RNA (median r with the true protein mean > 0.6)', async () => {
    const imputed = await expectNoTensorLeak(() => model.impute(full, { from: ['rna'], to: 'protein' }), 'impute');
    expect(imputed.nCols).toBe(sim.proteins);
    expect(proteinAgreement(imputed.data)).toBeGreaterThan(0.6);
    // the protein reconstruction from both modalities agrees at least as well
    expect(proteinAgreement(model.reconstruct(full, { modality: 'protein' }).data)).toBeGreaterThan(0.6);
    // RNA decoded at the training median library from protein alone: finite counts
    const rna = model.impute(full, { from: ['protein'], to: 'rna' });
    expect(rna.data.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(model.libraries.rna).toBeGreaterThan(500);
  });

  it('saves and loads (also through core loadModel) with identical outputs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vaekit-multimodal-'));
    try {
      await model.save(join(dir, 'model'));
      const loaded = await MultimodalModel.load(join(dir, 'model'));
      expect(loaded.libraries).toEqual(model.libraries);
      expect(Array.from(loaded.latent(sim.input).data)).toEqual(Array.from(model.latent(sim.input).data));
      expect(Array.from(loaded.impute(full, { from: ['rna'], to: 'protein' }).data)).toEqual(Array.from(model.impute(full, { from: ['rna'], to: 'protein' }).data));
      loaded.dispose();
      const bare = await loadModel(join(dir, 'model'));
      expect(bare).toBeInstanceOf(MultimodalVAE);
      expect((bare as MultimodalVAE).config.fusion.kind).toBe('poe');
      bare.dispose();
      expect(tf.memory().numTensors).toBe(Object.keys(model.vae.variables()).length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('mixture of products of experts', () => {
  it('recovers the true latent too (linear R² > 0.8)', async () => {
    const model = create('mopoe');
    try {
      await model.fit(sim.input, TRAIN);
      expect(linearR2(sim.z, 2, model.latent(sim.input).data, 2).mean).toBeGreaterThan(0.8);
      expect(proteinAgreement(model.impute(full, { from: ['rna'], to: 'protein' }).data)).toBeGreaterThan(0.6);
    } finally {
      model.dispose();
    }
  });
});
