import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adjustedRandIndex, asPoints, kmeans, simulateCounts } from '@vaekit/core';
import { CsrMatrix, ScviModel, type CountMatrix } from '@vaekit/omics';
import { exportModel, OnnxVae } from '@vaekit/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff } from '../helpers.js';

/** Simulated NB counts with known cell types and batches as a CountMatrix (obs: cell_type, batch). */
function simulated() {
  const sim = simulateCounts({ cells: 360, genes: 60, cellTypes: 3, batches: 2, batchEffect: 0.4, seed: 5 });
  const adata: CountMatrix = {
    X: CsrMatrix.fromDense(sim.counts, sim.cells, sim.genes),
    obs: {
      names: Array.from({ length: sim.cells }, (_, i) => `cell${i}`),
      columns: { cell_type: Array.from(sim.cellType, (t) => sim.cellTypeNames[t]), batch: Array.from(sim.batch, (b) => sim.batchNames[b]) },
    },
    var: { names: sim.geneNames, columns: {} },
  };
  return { sim, adata };
}

const relative = (a: Float32Array, b: Float32Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]) / Math.max(1, Math.abs(b[i]))));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vaekit-onnx-omics-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('a trained @vaekit/omics model, exported and served by OnnxVae', () => {
  const { sim, adata } = simulated();
  const x = { data: sim.counts, rows: sim.cells, cols: sim.genes };
  const batch = adata.obs.columns.batch as string[];

  for (const likelihood of ['nb', 'zinb'] as const) {
    describe(`${likelihood.toUpperCase()} with a batch covariate`, () => {
      let scvi: ScviModel;
      let runner: OnnxVae;
      beforeAll(async () => {
        scvi = ScviModel.create(adata, { likelihood, batchKey: 'batch', latentDim: 4, hidden: [32], seed: 1 });
        await scvi.fit(adata, { epochs: likelihood === 'nb' ? 25 : 12, batchSize: 60, learningRate: 1e-2, klSchedule: { kind: 'linear', warmupEpochs: 3 }, validationFraction: 0, seed: 2 });
        const { model, ...opts } = scvi.onnxExport();
        const dir = join(root, likelihood);
        const manifest = await exportModel(model, dir, { ...opts, name: `sim-${likelihood}`, metadata: { labels: sim.cellTypeNames } });
        expect(manifest.featureNames).toEqual(sim.geneNames);
        expect(manifest.covariates).toEqual([{ name: 'batch', type: 'categorical', categories: ['batch1', 'batch2'] }]);
        runner = await OnnxVae.load(dir);
      }, 120_000);
      afterAll(async () => {
        scvi.dispose();
        await runner.dispose();
      });

      it('OnnxVae.embed equals ScviModel.latent within 1e-4, and its latent space separates the simulated cell types', async () => {
        const { mean } = await runner.embed(x, { covariates: { batch } });
        const latent = scvi.latent(adata);
        expect(maxAbsDiff(mean.data, latent.data)).toBeLessThanOrEqual(1e-4);
        const clusters = kmeans(asPoints(mean.data, 4), 3, { seed: 1, nInit: 5 }).labels;
        expect(adjustedRandIndex(clusters, sim.cellType)).toBeGreaterThan(0.8);
      });

      it("OnnxVae.reconstruct equals ScviModel.likelihoodParameters (observed library size) within 1e-4 relative", async () => {
        const rec = await runner.reconstruct(x, { covariates: { batch } });
        const params = scvi.likelihoodParameters(adata);
        expect(relative(rec.mean.data, params.mean.data)).toBeLessThanOrEqual(1e-4);
        expect(relative(rec.theta.data, params.theta.data)).toBeLessThanOrEqual(1e-4);
        if (likelihood === 'zinb') expect(maxAbsDiff(rec.gateLogits.data, params.gateLogits.data)).toBeLessThanOrEqual(1e-4);
      });
    });
  }
});
