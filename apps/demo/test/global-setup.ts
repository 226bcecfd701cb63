import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { useEngine } from '@vaekit/core';
import { pearsonResidualScores } from '@vaekit/omics';
import { buildDemoModel } from '../src/start/build-demo-model.js';
import { ensureChromium } from './helpers/chromium.js';
import type { DemoFixture } from './helpers/fixture.js';

/** The test model: small enough to train in seconds, the same pipeline as `npm start`. */
const TEST_MODEL = { name: 'tiny', cells: 600, genes: 80, cellTypes: 3, batches: 2, anomalies: 6, seed: 3, latentDim: 4, hidden: [32], epochs: 40 };

/** Trains and exports the model the tests serve (TensorFlow.js here only; the server never loads it), and the broken copies. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromium = ensureChromium();
  const root = await mkdtemp(join(tmpdir(), 'vaekit-demo-test-'));
  const modelsDir = join(root, 'models');
  await useEngine('wasm', { quiet: true });
  let reference: DemoFixture['reference'] | undefined;
  const built = await buildDemoModel(modelsDir, {
    ...TEST_MODEL,
    // what TensorFlow.js computes for the example cells, for the server's answers to be checked against
    onTrained: (model, data) => {
      reference = { latent: Array.from(model.latent(data.example).data), scores: Array.from(pearsonResidualScores(model, data.example).score) };
    },
  });

  await cp(built.dir, join(modelsDir, 'broken-sha'), { recursive: true });
  const decoder = join(modelsDir, 'broken-sha', 'decoder.onnx');
  const bytes = await readFile(decoder);
  bytes[Math.floor(bytes.length / 2)] ^= 0xff;
  await writeFile(decoder, bytes);

  await cp(built.dir, join(modelsDir, 'broken-onnx'), { recursive: true });
  const garbage = Buffer.from('this is not an ONNX model');
  await writeFile(join(modelsDir, 'broken-onnx', 'decoder.onnx'), garbage);
  const manifestPath = join(modelsDir, 'broken-onnx', 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  manifest.files['decoder.onnx'] = { sha256: createHash('sha256').update(garbage).digest('hex'), bytes: garbage.length };
  await writeFile(manifestPath, JSON.stringify(manifest));

  await cp(built.dir, join(modelsDir, 'broken-manifest'), { recursive: true });
  await writeFile(join(modelsDir, 'broken-manifest', 'manifest.json'), '{ not json');

  const ex = built.example;
  const genes = ex.var.names;
  const dense = ex.X.toDense();
  const lines = [`cell,${genes.join(',')}`, ...ex.obs.names.map((name, r) => `${name},${Array.from(dense.subarray(r * genes.length, (r + 1) * genes.length)).join(',')}`)];
  const exampleCsv = join(root, 'example-cells.csv');
  await writeFile(exampleCsv, `${lines.join('\n')}\n`);
  const types = ex.obs.columns.cell_type as string[];

  const fixture: DemoFixture = {
    root,
    modelsDir,
    model: TEST_MODEL.name,
    brokenSha: 'broken-sha',
    brokenOnnx: 'broken-onnx',
    brokenManifest: 'broken-manifest',
    exampleCsv,
    exampleCells: ex.obs.names,
    anomalyCells: ex.obs.names.filter((_, i) => types[i].startsWith('shuffled')),
    genes,
    latentDim: TEST_MODEL.latentDim,
    chromium,
    reference: reference as DemoFixture['reference'],
  };
  project.provide('demoFixture', fixture);
  return async () => rm(root, { recursive: true, force: true });
}
