import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../helpers/app.js';
import { demoFixture } from '../helpers/fixture.js';
import { multipart } from '../helpers/multipart.js';

const fx = demoFixture();
let app: FastifyInstance;
let median: number;

beforeAll(async () => {
  app = await testApp(fx.modelsDir);
  median = JSON.parse(await readFile(`${fx.modelsDir}/${fx.model}/manifest.json`, 'utf8')).metadata.medianLibrarySize;
});
afterAll(async () => app.close());

const sample = (payload: object) => app.inject({ method: 'POST', url: `/api/models/${fx.model}/sample`, payload });
const sum = (row: number[]) => row.reduce((a, b) => a + b, 0);

describe('POST /api/models/:name/sample', () => {
  it('draws z ~ p(z) and decodes NB means whose totals are the library size', async () => {
    const res = await sample({ n: 5, seed: 1 });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ n: 5, seed: 1, likelihood: 'nb', features: fx.genes });
    expect(r.outputs.z).toHaveLength(5);
    expect(r.outputs.z[0]).toHaveLength(fx.latentDim);
    expect(r.outputs.mean).toHaveLength(5);
    // NB mean = library × softmax(decoder): every row sums to the export's median library size
    for (const row of r.outputs.mean as number[][]) expect(sum(row) / median).toBeCloseTo(1, 3);
    expect((r.outputs.theta as number[][]).flat().every((t) => t > 0)).toBe(true);
    const big = await sample({ n: 2, seed: 1, library: 20000 });
    for (const row of big.json().outputs.mean as number[][]) expect(sum(row) / 20000).toBeCloseTo(1, 3);
  });

  it('is reproducible by seed, and different across seeds', async () => {
    const a = (await sample({ n: 3, seed: 7 })).json().outputs.z;
    const b = (await sample({ n: 3, seed: 7 })).json().outputs.z;
    const c = (await sample({ n: 3, seed: 8 })).json().outputs.z;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('decodes for the batch asked for', async () => {
    const b1 = (await sample({ n: 2, seed: 3, covariates: { batch: 'batch1' } })).json().outputs.mean;
    const b2 = (await sample({ n: 2, seed: 3, covariates: { batch: 'batch2' } })).json().outputs.mean;
    expect(b1).not.toEqual(b2);
  });

  it.each([
    [{ n: 0 }, /n must be an integer in 1…1000/],
    [{ n: 5000 }, /n must be an integer in 1…1000/],
    [{ n: 2, seed: -1 }, /seed must be a non-negative integer/],
    [{ n: 2, covariates: { tissue: 'x' } }, /the model has no covariate "tissue"/],
    [{ n: 2, covariates: { batch: 'batch7' } }, /batch "batch7" is not one the model knows/],
    [{ n: 2, library: -3 }, /library must be a positive number/],
  ])('rejects %j with 400', async (body, message) => {
    const res = await sample(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(message);
  });
});

describe('POST /api/models/:name/reconstruct', () => {
  it('encodes and decodes the first cells: NB means keep each cell\'s observed total, and follow its counts', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/models/${fx.model}/reconstruct?example=1&cells=4` });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.cells).toEqual(fx.exampleCells.slice(0, 4));
    expect(r.input).toHaveLength(4);
    expect(r.outputs.mean).toHaveLength(4);
    r.input.forEach((row: number[], i: number) => expect(sum(r.outputs.mean[i]) / sum(row)).toBeCloseTo(1, 3));
    for (const c of r.correlation as number[]) expect(c).toBeGreaterThan(0.5);
  });

  it('reconstructs an uploaded file; a shuffled cell is reconstructed worse than normal ones', async () => {
    const csv = await readFile(fx.exampleCsv, 'utf8');
    const res = await app.inject({ method: 'POST', url: `/api/models/${fx.model}/reconstruct?cells=200`, ...multipart('cells.csv', csv) });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.cells).toHaveLength(fx.exampleCells.length);
    const corr = (names: string[]) => names.map((n) => r.correlation[r.cells.indexOf(n)]);
    const normal = corr(fx.exampleCells.filter((c) => !fx.anomalyCells.includes(c)));
    const shuffled = corr(fx.anomalyCells);
    expect(Math.max(...shuffled)).toBeLessThan(normal.reduce((a, b) => a + b, 0) / normal.length);
  });

  it('rejects a bad cells count', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/models/${fx.model}/reconstruct?example=1&cells=0` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/cells must be an integer in 1…200/);
  });
});
