// `vaekit evaluate` on held-out simulated cells with known cell types and batches.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adjustedRandIndex } from '@vaekit/core';
import { ScviModel, readCounts, readH5ad, subsetCounts, writeH5ad, type CountMatrix, type CsrMatrix } from '@vaekit/omics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeSimulatedH5ad } from './helpers/data.js';
import { vaekit } from './helpers/fake-io.js';

let dir: string;
let cleanup: () => Promise<void>;
let heldOut: string;
let heldOutData: CountMatrix;
let run: string;

interface Result {
  cells: number;
  genes: { model: number; found: number };
  marginalLogLikelihood: { mean: number; median: number; samples: number };
  metrics: Record<string, number | null>;
  notes: Record<string, string>;
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  const all = join(dir, 'all.h5ad');
  await writeSimulatedH5ad(all, { cells: 800, genes: 120, cellTypes: 3, batches: 2, batchEffect: 0.4, seed: 21 });
  const adata = await readCounts(all);
  const split = async (name: string, keep: (i: number) => boolean) => {
    const part = subsetCounts(adata, { cells: adata.obs.names.flatMap((_, i) => (keep(i) ? [i] : [])) });
    await writeH5ad(join(dir, name), part);
    return part;
  };
  await split('train.h5ad', (i) => i % 4 !== 3);
  heldOutData = await split('heldout.h5ad', (i) => i % 4 === 3);
  heldOut = join(dir, 'heldout.h5ad');
  run = join(dir, 'run');
  const trained = await vaekit(['train', 'omics', '--data', join(dir, 'train.h5ad'), '--out', run, '--batch-key', 'batch', '--n-top-genes', '0',
    '--latent', '4', '--hidden', '64', '--epochs', '15', '--batch-size', '64', '--lr', '5e-3', '--kl-warmup', '5', '--seed', '1']);
  expect(trained.code).toBe(0);
});
afterAll(() => cleanup());

describe('vaekit evaluate', () => {
  it('prints a table: log p(x), k-means ARI/NMI and ASW against the labels, batch ASW and iLISI against the batches', async () => {
    const { code, out } = await vaekit(['evaluate', '--model', run, '--data', heldOut, '--labels-key', 'cell_type', '--batch-key', 'batch', '--mll-samples', '20']);
    expect(code).toBe(0);
    const row = (label: RegExp) => Number(new RegExp(`^${label.source} +(-?[\\d.]+)`, 'm').exec(out)?.[1]);
    expect(out).toMatch(/^model +.*run\/model \(nb, 4 latent dimensions, batch key "batch"\)$/m);
    expect(out).toMatch(/^data +.*heldout\.h5ad: 200 cells, 120 of the model's 120 genes$/m);
    expect(row(/log p\(x\) per cell/)).toBeLessThan(0);
    expect(row(/k-means ARI \(cell_type, k = 3\)/)).toBeGreaterThan(0.8); // simulated types are well separated
    expect(row(/k-means NMI \(cell_type\)/)).toBeGreaterThan(0.7);
    for (const label of [/cell-type ASW \(cell_type\)/, /batch ASW \(batch within cell_type\)/, /iLISI \(batch\)/]) {
      const v = row(label);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('--json and --out latent.h5ad: the file holds the latent space and clusters the numbers were computed from', async () => {
    const out = join(dir, 'latent.h5ad');
    const r = await vaekit(['evaluate', '--model', run, '--data', heldOut, '--labels-key', 'cell_type', '--batch-key', 'batch', '--mll-samples', '10', '--seed', '3', '--json', '--out', out]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as Result;
    expect(result.cells).toBe(200);
    expect(Object.keys(result.metrics).sort()).toEqual(['ari', 'batch_asw', 'ilisi', 'label_asw', 'nmi']);

    const written = await readH5ad(out);
    expect(written.obs.names).toEqual(heldOutData.obs.names);
    expect(written.obs.columns.cell_type).toEqual(heldOutData.obs.columns.cell_type);
    expect(written.var.names).toEqual(heldOutData.var.names);
    expect(Array.from(written.X.toDense())).toEqual(Array.from(heldOutData.X.toDense()));
    const model = await ScviModel.load(join(run, 'model'));
    try {
      const z = model.latent(heldOutData);
      expect(written.obsm?.X_vaekit.nCols).toBe(4);
      expect(Array.from(written.obsm?.X_vaekit.data ?? [])).toEqual(Array.from(z.data));
      const ll = model.marginalLogLikelihood(heldOutData, { samples: 10, seed: 3 });
      expect(Array.from(written.obs.columns.vaekit_log_px as Float64Array)).toEqual(Array.from(ll, Number));
      expect(result.marginalLogLikelihood.mean).toBeCloseTo(ll.reduce((a, b) => a + b, 0) / ll.length, 6);
    } finally {
      model.dispose();
    }
    const clusters = (written.obs.columns.vaekit_kmeans as string[]).map(Number);
    const truth = (heldOutData.obs.columns.cell_type as string[]).map((t) => ['type0', 'type1', 'type2'].indexOf(t));
    expect(result.metrics.ari).toBeCloseTo(adjustedRandIndex(clusters, truth), 12);
  });

  it('--out latent.csv: one row per cell, one column per latent dimension', async () => {
    const out = join(dir, 'latent.csv');
    const r = await vaekit(['evaluate', '--model', run, '--data', heldOut, '--mll-samples', '2', '--out', out]);
    expect(r.code).toBe(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe(',latent_1,latent_2,latent_3,latent_4');
    expect(lines.length).toBe(201);
    const model = await ScviModel.load(join(run, 'model'));
    try {
      const z = model.latent(heldOutData);
      const row5 = lines[6].split(',');
      expect(row5[0]).toBe(heldOutData.obs.names[5]);
      expect(row5.slice(1).map((v) => Math.fround(Number(v)))).toEqual(Array.from(z.data.subarray(20, 24))); // shortest float32 text
    } finally {
      model.dispose();
    }
  });

  it('matches query genes to the model by name and warns about the missing ones', async () => {
    const genes = heldOutData.var.names.flatMap((_, j) => (j % 10 === 0 ? [] : [j])).reverse();
    const query = join(dir, 'query.h5ad');
    await writeH5ad(query, subsetCounts(heldOutData, { genes }));
    const r = await vaekit(['evaluate', '--model', run, '--data', query, '--mll-samples', '2']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/: 200 cells, 108 of the model's 120 genes$/m);
    expect(r.err).toMatch(/warning: .*12/);
  });

  it('bad input: the model batch column missing, an unknown --labels-key, a checkpoint instead of a model', async () => {
    const noBatch = join(dir, 'nobatch.h5ad');
    await writeH5ad(noBatch, { X: heldOutData.X as CsrMatrix, obs: { names: heldOutData.obs.names, columns: { cell_type: heldOutData.obs.columns.cell_type } }, var: heldOutData.var });
    const a = await vaekit(['evaluate', '--model', run, '--data', noBatch]);
    expect([a.code, a.err]).toEqual([1, expect.stringMatching(/^error: the model's batch key "batch" is not a cell annotation \(obs column\) of .*nobatch\.h5ad\n {2}hint: obs columns: cell_type\n$/)]);
    const b = await vaekit(['evaluate', '--model', run, '--data', heldOut, '--labels-key', 'celltype']);
    expect([b.code, b.err]).toEqual([1, expect.stringMatching(/--labels-key "celltype" is not a cell annotation .*\n {2}hint: obs columns: cell_type, batch/)]);
    const c = await vaekit(['evaluate', '--model', join(run, 'checkpoint'), '--data', heldOut]);
    expect([c.code, c.err]).toEqual([1, expect.stringMatching(/checkpoint is a training checkpoint, not a saved model\n {2}hint: pass the --out folder of `vaekit train omics`, or its model\/ folder/)]);
  });
});
