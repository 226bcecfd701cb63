import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { gzipSync } from 'fflate';
import type { AnalysisResponse } from '../../src/analysis/analyze.js';
import { testApp } from '../helpers/app.js';
import { demoFixture } from '../helpers/fixture.js';
import { multipart } from '../helpers/multipart.js';
import { tenxFiles, tenxZip } from '../helpers/tenx.js';

const fx = demoFixture();
let app: FastifyInstance;
let csv: string;

beforeAll(async () => {
  app = await testApp(fx.modelsDir);
  csv = await readFile(fx.exampleCsv, 'utf8');
});
afterAll(async () => app.close());

const embed = (query: string, init: { payload?: string | Buffer | object; headers?: Record<string, string> } = {}) =>
  app.inject({ method: 'POST', url: `/api/models/${fx.model}/embed${query}`, ...init });

function parseCsv(text: string): string[][] {
  return text.trim().split('\n').map((l) => l.split(','));
}

describe('POST /api/models/:name/embed with the bundled example', () => {
  let r: AnalysisResponse;
  beforeAll(async () => {
    const res = await embed('?example=1');
    expect(res.statusCode, res.body).toBe(200);
    r = res.json();
  });

  it('answers with a UMAP of every cell, k-means clusters, labels and no warnings', () => {
    expect(r.cells).toBe(fx.exampleCells.length);
    expect(r.cellNames).toEqual(fx.exampleCells);
    expect(r.map.method).toBe('umap');
    expect(r.map.x).toHaveLength(r.cells);
    expect(r.map.y.every(Number.isFinite)).toBe(true);
    expect(r.labels?.key).toBe('cell_type');
    expect(r.clusters).toMatchObject({ k: r.labels?.categories.length, chosenBy: 'labels' });
    expect(r.clusters.labels).toHaveLength(r.cells);
    expect(r.features).toEqual({ model: fx.genes.length, matched: fx.genes.length });
    expect(r.warnings).toEqual([]);
  });

  it('computes the same anomaly scores as @vaekit/omics on the TensorFlow.js model, calibrated', () => {
    const a = r.anomaly!;
    expect(a.calibrated).toBe(true);
    fx.reference.scores.forEach((s, i) => expect(Math.abs(a.score[i] - s) / Math.max(1, s)).toBeLessThan(1e-3));
  });

  it('flags the cells whose counts were shuffled (known anomalies), and few others', () => {
    const a = r.anomaly!;
    const flagged = new Set(r.cellNames.filter((_, i) => a.flagged[i]));
    for (const cell of fx.anomalyCells) expect(flagged.has(cell), cell).toBe(true);
    const falsePositives = [...flagged].filter((c) => !fx.anomalyCells.includes(c)).length;
    expect(falsePositives).toBeLessThanOrEqual(Math.ceil(0.15 * (r.cells - fx.anomalyCells.length)));
    const zAnomalies = fx.anomalyCells.map((c) => a.z[r.cellNames.indexOf(c)]);
    expect(Math.min(...zAnomalies)).toBeGreaterThan(5);
  });

  it('serves the latent means as CSV, equal to the TensorFlow.js model\'s', async () => {
    const res = await app.inject({ method: 'GET', url: r.downloads.latentCsv });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="tiny-latent.csv"/);
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual(['cell', ...Array.from({ length: fx.latentDim }, (_, j) => `z${j + 1}`), 'cluster']);
    expect(rows).toHaveLength(r.cells + 1);
    rows.slice(1).forEach((row, i) => {
      expect(row).toHaveLength(fx.latentDim + 2);
      expect(row[0]).toBe(fx.exampleCells[i]);
      for (let j = 0; j < fx.latentDim; j++) expect(Number(row[1 + j])).toBeCloseTo(fx.reference.latent[i * fx.latentDim + j], 4);
      expect(Number(row[fx.latentDim + 1])).toBe(r.clusters.labels[i]);
    });
  });
});

describe('POST /api/models/:name/embed with uploads', () => {
  it('reads a multipart CSV, decodes the missing batch as the first one (warning), and gives the same latent for batch 1 cells', async () => {
    const res = await embed('?map=pca', multipart('cells.csv', csv));
    expect(res.statusCode, res.body).toBe(200);
    const r: AnalysisResponse = res.json();
    expect(r.source).toBe('cells.csv');
    expect(r.map.method).toBe('pca');
    expect(r.map.explained?.[0]).toBeGreaterThan(0);
    expect(r.warnings.some((w) => /no "batch" column/.test(w))).toBe(true);
    expect(r.labels).toBeUndefined();
    const latent = parseCsv((await app.inject({ method: 'GET', url: r.downloads.latentCsv })).body).slice(1);
    // the encoder does not read the batch: the latent equals the reference for every cell
    latent.forEach((row, i) => expect(Number(row[1])).toBeCloseTo(fx.reference.latent[i * fx.latentDim], 4));
  });

  it('reads a gzipped CSV sent as a raw body with ?filename=', async () => {
    const res = await embed('?filename=cells.csv.gz&map=pca', { payload: Buffer.from(gzipSync(Buffer.from(csv))), headers: { 'content-type': 'application/gzip' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().cells).toBe(fx.exampleCells.length);
  });

  it('reads a text/csv body', async () => {
    const res = await embed('?map=pca', { payload: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().source).toBe('upload.csv');
  });

  it('reads the .h5ad example uploaded as a file, labels included', async () => {
    const h5ad = await readFile(join(fx.modelsDir, fx.model, 'example.h5ad'));
    const res = await embed('?map=pca', multipart('example.h5ad', h5ad));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().labels.key).toBe('cell_type');
    expect(res.json().warnings).toEqual([]);
  });

  it('reads a 10x folder inside a zip, with genes missing from it zero-filled (warning)', async () => {
    const rows = csv.trim().split('\n').slice(1, 21).map((l) => l.split(',').slice(1).map(Number));
    const keep = fx.genes.length - 5; // drop the last 5 genes
    const files = tenxFiles(rows.map((r) => r.slice(0, keep)), fx.genes.slice(0, keep), fx.exampleCells.slice(0, 20));
    const res = await embed('?map=pca', multipart('pbmc.zip', tenxZip(files, 'filtered_feature_bc_matrix/', { gz: true })));
    expect(res.statusCode, res.body).toBe(200);
    const r: AnalysisResponse = res.json();
    expect(r.cells).toBe(20);
    expect(r.features).toEqual({ model: fx.genes.length, matched: keep });
    expect(r.warnings.some((w) => /5 of the model's 80 genes are not in the query data/.test(w))).toBe(true);
  });

  it('takes JSON { features, counts, obs } (PCA for a handful of cells, k as asked)', async () => {
    const lines = csv.trim().split('\n').slice(1, 6).map((l) => l.split(','));
    const res = await embed('?k=2', { payload: { features: fx.genes, counts: lines.map((l) => l.slice(1).map(Number)), cells: lines.map((l) => l[0]), obs: { batch: lines.map(() => 'batch2') } } });
    expect(res.statusCode, res.body).toBe(200);
    const r: AnalysisResponse = res.json();
    expect(r.map.method).toBe('pca');
    expect(r.clusters).toMatchObject({ k: 2, chosenBy: 'request' });
    expect(r.anomaly?.score).toHaveLength(5);
  });
});
