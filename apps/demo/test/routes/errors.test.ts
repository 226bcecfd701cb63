import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../helpers/app.js';
import { demoFixture } from '../helpers/fixture.js';
import { multipart, multipartNoFile } from '../helpers/multipart.js';

const fx = demoFixture();
let app: FastifyInstance;
let csv: string;

beforeAll(async () => {
  app = await testApp(fx.modelsDir);
  csv = await readFile(fx.exampleCsv, 'utf8');
});
afterAll(async () => app.close());

const post = (route: string, init: { payload?: string | Buffer | object; headers?: Record<string, string> } = {}, query = '') =>
  app.inject({ method: 'POST', url: `/api/models/${fx.model}/${route}${query}`, ...init });

describe('bad requests get 400 with a message', () => {
  it.each([
    ['negative count', 'cell,G1,G2\nc1,3,-1\n', /cells\.csv: the count for cell "c1" \(row 0\) and gene "G2" \(column 1\) is negative/],
    ['non-integer count', 'cell,G1,G2\nc1,3,1.5\n', /is not an integer/],
    ['text in a count column', 'cell,G1,G2\nc1,3,lots\n', /cells\.csv, line 2, column "G2": "lots" is not a number/],
    ['ragged line', 'cell,G1,G2\nc1,3,1\nc2,3\n', /cells\.csv, line 3: 2 fields, expected 3/],
  ])('%s in an uploaded CSV', async (_what, body, message) => {
    const res = await post('embed', multipart('cells.csv', body));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(message);
    expect(res.json().error).not.toMatch(/vaekit-demo-/); // no temp paths
  });

  it('genes that do not match the model', async () => {
    const res = await post('embed', multipart('cells.csv', 'cell,X1,X2\nc1,3,1\n'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/only 0 of the model's 80 genes \(0\.0%\) were found/);
    expect(res.json().hint).toMatch(/same gene identifiers/);
  });

  it('an unsupported file type', async () => {
    const res = await post('embed', multipart('cells.xlsx', 'PK...'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/"cells\.xlsx" is not a count file type/);
  });

  it('a corrupt .h5ad', async () => {
    const res = await post('embed', multipart('cells.h5ad', 'not hdf5 at all'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/cells\.h5ad/);
  });

  it('a form without a file, an empty body, invalid JSON', async () => {
    expect((await post('embed', multipartNoFile())).json()).toMatchObject({ statusCode: 400, reason: 'no-file' });
    expect((await post('embed', { payload: '', headers: { 'content-type': 'text/csv' } })).statusCode).toBe(400);
    const bad = await post('embed', { payload: '{ "features": ', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/JSON/);
  });

  it('a batch the model does not know', async () => {
    const res = await post('embed', { payload: { features: fx.genes, counts: [fx.genes.map(() => 1)], obs: { batch: ['batch9'] } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/batch "batch9" is not one the model was trained on/);
    expect(res.json().hint).toMatch(/batch1, batch2/);
  });

  it.each([
    ['?map=tsne', /map must be "auto", "umap" or "pca"/],
    ['?k=0', /k must be an integer in 1…100/],
    ['?labelKey=tissue', /no obs column "tissue"/],
  ])('query %s', async (query, message) => {
    const res = await post('embed', {}, `${query}&example=1`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(message);
  });

  it('an unknown result id', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/results/00000000-0000-0000-0000-000000000000/latent.csv' });
    expect(res.statusCode).toBe(404);
    expect(res.json().reason).toBe('unknown-result');
  });
});

describe('limits', () => {
  let small: FastifyInstance;
  beforeAll(async () => {
    small = await testApp(fx.modelsDir, { maxUploadBytes: 4096, maxCells: 10 });
  });
  afterAll(async () => small.close());

  it('413 with the limit for a multipart upload over maxUploadBytes', async () => {
    const res = await small.inject({ method: 'POST', url: `/api/models/${fx.model}/embed`, ...multipart('cells.csv', csv) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatch(/larger than this server accepts \(4 KiB\)/);
    expect(res.json().hint).toMatch(/maxUploadBytes/);
  });

  it('413 for a raw or JSON body over the limit, even for an unknown model', async () => {
    const raw = await small.inject({ method: 'POST', url: '/api/models/whatever/embed', payload: csv, headers: { 'content-type': 'text/csv' } });
    expect(raw.statusCode).toBe(413);
    expect(raw.json().error).toMatch(/4 KiB/);
    const json = await small.inject({ method: 'POST', url: `/api/models/${fx.model}/embed`, payload: { features: fx.genes, counts: Array.from({ length: 40 }, () => fx.genes.map(() => 1)) } });
    expect(json.statusCode).toBe(413);
  });

  it('413 for more cells than maxCells', async () => {
    const res = await small.inject({ method: 'POST', url: `/api/models/${fx.model}/embed?example=1` });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ reason: 'too-many-cells' });
    expect(res.json().error).toMatch(new RegExp(`has ${fx.exampleCells.length} cells; this server analyses at most 10`));
  });

  it('keeps serving after all of that', async () => {
    expect((await small.inject({ method: 'GET', url: '/api/models' })).statusCode).toBe(200);
  });
});

describe('a model without a bundled example', () => {
  let dir: string;
  let bare: FastifyInstance;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-noexample-'));
    await cp(join(fx.modelsDir, fx.model), join(dir, 'bare'), { recursive: true, filter: (src) => !src.endsWith('example.h5ad') });
    bare = await testApp(dir);
  });
  afterAll(async () => {
    await bare.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers ?example=1 with 404 and what to do', async () => {
    const listed = (await bare.inject({ method: 'GET', url: '/api/models' })).json().models[0];
    expect(listed).toMatchObject({ name: 'bare', ok: true, example: false });
    const res = await bare.inject({ method: 'POST', url: '/api/models/bare/embed?example=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ reason: 'no-example' });
  });
});
