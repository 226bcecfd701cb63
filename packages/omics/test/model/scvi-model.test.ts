import { adjustedRandIndex, kmeans, spearman, asPoints } from '@vaekit/core';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnomalyDetector } from '../../src/model/anomaly.js';
import { ScviModel } from '../../src/model/scvi-model.js';
import { CsrMatrix } from '../../src/matrix/csr-matrix.js';
import { subsetCounts } from '../../src/matrix/count-matrix.js';
import { simulatedAdata } from './simulated.js';

describe('ScviModel on simulated counts with known cell types, batches and means', () => {
  // 800 simulated cells: the model trains on the first 600; the last 200 are held-out normal cells
  const { sim, adata: all } = simulatedAdata({ cells: 800, genes: 150, cellTypes: 3, batches: 2, batchEffect: 0.4, seed: 7 });
  const adata = subsetCounts(all, { cells: Array.from({ length: 600 }, (_, i) => i) });
  const heldOut = subsetCounts(all, { cells: Array.from({ length: 200 }, (_, i) => 600 + i) });
  let model: ScviModel;
  let llBefore: number;
  beforeAll(async () => {
    model = ScviModel.create(adata, { batchKey: 'batch', latentDim: 6, hidden: [64], seed: 1 });
    llBefore = mean(model.marginalLogLikelihood(adata, { samples: 10 }));
    await model.fit(adata, { epochs: 30, batchSize: 64, learningRate: 5e-3, klSchedule: { kind: 'linear', warmupEpochs: 5 }, seed: 2 });
  });
  afterAll(() => model.dispose());

  it('finds the cell types in the latent space (k-means ARI) and improves log p(x)', () => {
    const z = model.latent(adata);
    expect([z.nRows, z.nCols]).toEqual([600, 6]);
    const clusters = kmeans(asPoints(z.data, z.nCols), 3, { seed: 1, nInit: 5 }).labels;
    expect(adjustedRandIndex(clusters, sim.cellType.subarray(0, 600))).toBeGreaterThan(0.9);
    expect(mean(model.marginalLogLikelihood(adata, { samples: 10 }))).toBeGreaterThan(llBefore + 50);
  });

  it('recovers the true NB means (rank correlation per entry) through likelihoodParameters', () => {
    const p = model.likelihoodParameters(adata);
    expect(Object.keys(p).sort()).toEqual(['mean', 'theta']);
    const idx = Array.from({ length: 3000 }, (_, i) => (i * 7919) % (600 * 150));
    expect(spearman(idx.map((i) => p.mean.data[i]), idx.map((i) => sim.mean[i]))).toBeGreaterThan(0.8);
  });

  it('normalizedExpression: rows sum to the library size; transformBatch decodes every cell as one batch', () => {
    const rho = model.normalizedExpression(adata, { librarySize: 1e4 });
    const rowSum = rho.data.subarray(0, 150).reduce((a, b) => a + b, 0);
    expect(rowSum).toBeCloseTo(1e4, 0);
    const asB1 = model.normalizedExpression(adata, { transformBatch: 'batch1' });
    const asB2 = model.normalizedExpression(adata, { transformBatch: 'batch2' });
    expect(asB1.data.some((v, i) => Math.abs(v - asB2.data[i]) > 1e-6)).toBe(true);
    expect(() => model.normalizedExpression(adata, { transformBatch: 'batch9' })).toThrow(/"batch9" is not a batch the model knows.*batch1, batch2/);
  });

  it('posteriorPredictive draws non-negative integer counts of the data\'s shape', () => {
    const x = model.posteriorPredictive(adata, { seed: 3 });
    expect([x.nRows, x.nCols]).toEqual([600, 150]);
    expect(x.data.every((v) => v >= 0 && Number.isInteger(v))).toBe(true);
  });

  it('query data with genes reordered and some missing: matched by name, missing zero-filled with a warning', () => {
    const order = Array.from({ length: 150 }, (_, i) => 149 - i).filter((g) => g % 10 !== 3); // reversed, 15 genes dropped
    const query = subsetCounts(adata, { genes: order });
    const warnings: string[] = [];
    model.warn = (m) => warnings.push(m);
    const zq = model.latent(query).data;
    model.warn = (m) => console.warn(m);
    expect(warnings.join('\n')).toMatch(/15 of the model's 150 genes are not in the query data and were filled with zeros/);
    const zFull = model.latent(adata).data;
    // the missing genes are zero in the query, so latents differ a little; they stay close
    let diff = 0;
    for (let i = 0; i < zFull.length; i++) diff += Math.abs(zFull[i] - zq[i]);
    expect(diff / zFull.length).toBeLessThan(0.5);
    const tooFew = subsetCounts(adata, { genes: Array.from({ length: 20 }, (_, i) => i) });
    expect(() => model.latent(tooFew)).toThrow(/only 20 of the model's 150 genes/);
  });

  it('saves and loads with identical outputs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vaekit-scvi-'));
    try {
      await model.save(join(dir, 'm'));
      const loaded = await ScviModel.load(join(dir, 'm'));
      expect(Array.from(loaded.latent(adata).data)).toEqual(Array.from(model.latent(adata).data));
      expect(loaded.genes).toEqual(model.genes);
      loaded.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('flags anomalous cells at the chosen false-positive rate, calibrated on held-out reference cells', () => {
    const reference = subsetCounts(heldOut, { cells: Array.from({ length: 100 }, (_, i) => i) });
    const normal = subsetCounts(heldOut, { cells: Array.from({ length: 100 }, (_, i) => 100 + i) });
    // anomalies: normal cells whose counts are shuffled across genes (same library size, wrong profile)
    const dense = normal.X.toDense();
    const shuffled = new Float32Array(dense.length);
    for (let c = 0; c < 100; c++) for (let g = 0; g < 150; g++) shuffled[c * 150 + g] = dense[c * 150 + ((g * 37 + 11) % 150)];
    const anomalous = { ...normal, X: CsrMatrix.fromDense(shuffled, 100, 150) };
    const detector = AnomalyDetector.calibrate(model, reference, { falsePositiveRate: 0.05 });
    const onNormal = detector.score(normal);
    const onAnomalous = detector.score(anomalous);
    expect(onNormal.flagged.filter(Boolean).length).toBeLessThanOrEqual(15); // 5% of 100 expected; binomial slack
    expect(onAnomalous.flagged.filter(Boolean).length).toBeGreaterThanOrEqual(95);
    expect(mean(onAnomalous.z)).toBeGreaterThan(mean(onNormal.z) + 3);
    expect(onNormal.percentile.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(onAnomalous.topGenes[0]).toHaveLength(5);
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    model.latent(adata);
    model.normalizedExpression(adata, { transformBatch: 'batch1' });
    model.likelihoodParameters(adata);
    expect(tf.memory().numTensors).toBe(before);
  });
});

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}
