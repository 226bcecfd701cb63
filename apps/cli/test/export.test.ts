// `vaekit export --onnx` of a model trained by `vaekit train omics`.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ScviModel, pearsonResidualScores, preprocessForTraining, readCounts, rowSums, subsetCounts, writeH5ad } from '@vaekit/omics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeSimulatedH5ad } from './helpers/data.js';
import { vaekit } from './helpers/fake-io.js';

let dir: string;
let cleanup: () => Promise<void>;
let cells: string;
let run: string;

interface Manifest {
  name: string;
  featureNames: string[];
  covariates: unknown[];
  latentDim: number;
  networks: Record<string, { file: string }>;
  parity: { tolerance: number; maxError: Record<string, Record<string, number>> };
  triton?: { dir: string; models: Record<string, string>; maxBatchSize: number };
  metadata: { description?: string; medianLibrarySize?: number; training?: { epochs: number }; source?: string };
}
const manifestOf = async (out: string) => JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  cells = join(dir, 'cells.h5ad');
  await writeSimulatedH5ad(cells, { cells: 300, genes: 60, cellTypes: 3, batches: 2, seed: 5 });
  run = join(dir, 'run');
  const trained = await vaekit(['train', 'omics', '--data', cells, '--out', run, '--batch-key', 'batch', '--n-top-genes', '40', '--latent', '3', '--hidden', '16', '--epochs', '2']);
  expect(trained.code).toBe(0);
});
afterAll(() => cleanup());

describe('vaekit export --onnx', () => {
  it('writes encoder and decoder ONNX, a manifest with the genes, batches and metadata, and a Triton repository', async () => {
    const out = join(dir, 'models', 'pbmc');
    const { code, out: stdout } = await vaekit(['export', '--model', run, '--onnx', '--out', out, '--triton', '--max-batch-size', '256']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^exported "pbmc" to .*models\/pbmc: (encoder|decoder)\.onnx, (encoder|decoder)\.onnx, manifest\.json$/m);
    expect(stdout).toMatch(/^ONNX matches TensorFlow\.js on \d+ random inputs: largest relative difference [\d.e+-]+ \(tolerance 0\.0001\)$/m);
    expect(stdout).toMatch(/^Triton model repository: .* \(models pbmc_encoder, pbmc_decoder; max batch 256\)$/m);

    const manifest = await manifestOf(out);
    const model = await ScviModel.load(join(run, 'model'));
    try {
      expect(manifest.featureNames).toEqual(model.genes);
    } finally {
      model.dispose();
    }
    expect(manifest.name).toBe('pbmc');
    expect(manifest.latentDim).toBe(3);
    expect(manifest.covariates).toEqual([{ name: 'batch', type: 'categorical', categories: ['batch1', 'batch2'] }]);
    for (const net of ['encoder', 'decoder']) expect(existsSync(join(out, manifest.networks[net].file))).toBe(true);
    for (const errors of Object.values(manifest.parity.maxError)) for (const e of Object.values(errors)) expect(e).toBeLessThanOrEqual(manifest.parity.tolerance);
    expect(manifest.triton?.maxBatchSize).toBe(256);
    for (const name of ['pbmc_encoder', 'pbmc_decoder']) {
      expect(await readFile(join(out, 'triton', name, 'config.pbtxt'), 'utf8')).toMatch(/max_batch_size: 256/);
      expect(existsSync(join(out, 'triton', name, '1', 'model.onnx'))).toBe(true);
    }

    // metadata for the demo: the median library size of the cells the model was trained on (its 40 genes)
    const trainedOn = preprocessForTraining(await readCounts(cells), { hvg: 40, batchKey: 'batch' }).matrix;
    const totals = Array.from(rowSums(trainedOn.X)).sort((a, b) => a - b);
    expect(manifest.metadata.medianLibrarySize).toBe((totals[149] + totals[150]) / 2);
    expect(manifest.metadata.description).toBe('scVI-style nb model of 300 cells × 40 genes, latent 3, batch key "batch"');
    expect(manifest.metadata.training?.epochs).toBe(2);
    expect(manifest.metadata.source).toBe(join(run, 'model'));
  });

  it('--reference: anomaly calibration from normal cells, as the demo reads it from metadata.anomaly', async () => {
    const reference = join(dir, 'reference.h5ad');
    const adata = await readCounts(cells);
    await writeH5ad(reference, subsetCounts(adata, { cells: Array.from({ length: 100 }, (_, i) => 2 * i + 1) }));
    const out = join(dir, 'models', 'calibrated');
    const r = await vaekit(['export', '--model', run, '--onnx', '--out', out, '--reference', reference, '--false-positive-rate', '0.1']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^anomaly calibration from 100 reference cells$/m);
    const { anomaly } = (await manifestOf(out)).metadata as { anomaly: { reference: number[]; mean: number; sd: number; threshold: number; falsePositiveRate: number; referenceCells: number } };
    const model = await ScviModel.load(join(run, 'model'));
    try {
      const scores = Array.from(pearsonResidualScores(model, await readCounts(reference)).score).sort((a, b) => a - b);
      expect(anomaly.referenceCells).toBe(100);
      expect(anomaly.falsePositiveRate).toBe(0.1);
      expect(anomaly.reference).toEqual(scores);
      expect(anomaly.mean).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / 100, 10);
      expect(anomaly.threshold).toBe(scores[89]); // the 90th of 100: 10% of normal cells score above it
    } finally {
      model.dispose();
    }
  });

  it('--json prints the manifest; exporting again replaces an earlier export', async () => {
    const out = join(dir, 'models', 'again');
    expect((await vaekit(['export', '--model', run, '--onnx', '--out', out, '--triton'])).code).toBe(0);
    const r = await vaekit(['export', '--model', join(run, 'model'), '--onnx', '--out', out, '--name', 'renamed', '--json']);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.out) as { out: string; manifest: Manifest };
    expect(printed.out).toBe(out);
    expect(printed.manifest.name).toBe('renamed');
    expect(await manifestOf(out)).toEqual(printed.manifest);
    expect(existsSync(join(out, 'triton'))).toBe(false);
  });

  it('refuses what it must not do: no format, --triton-dir alone, a folder of other files, a checkpoint', async () => {
    const noFormat = await vaekit(['export', '--model', run, '--out', join(dir, 'x')]);
    expect([noFormat.code, noFormat.err]).toEqual([2, expect.stringMatching(/^error: choose an export format: --onnx/)]);
    const tritonDir = await vaekit(['export', '--model', run, '--onnx', '--out', join(dir, 'x'), '--triton-dir', join(dir, 't')]);
    expect([tritonDir.code, tritonDir.err]).toEqual([2, expect.stringMatching(/--triton-dir and --max-batch-size need --triton/)]);
    const precious = join(dir, 'precious');
    await mkdir(precious);
    await writeFile(join(precious, 'thesis.tex'), 'years of work');
    const wipe = await vaekit(['export', '--model', run, '--onnx', '--out', precious]);
    expect([wipe.code, wipe.err]).toEqual([1, expect.stringMatching(/precious is a folder that holds other files, not an earlier export/)]);
    expect(await readFile(join(precious, 'thesis.tex'), 'utf8')).toBe('years of work');
    const checkpoint = await vaekit(['export', '--model', join(run, 'checkpoint'), '--onnx', '--out', join(dir, 'x')]);
    expect([checkpoint.code, checkpoint.err]).toEqual([1, expect.stringMatching(/checkpoint is a training checkpoint, not a saved model/)]);
  });
});
