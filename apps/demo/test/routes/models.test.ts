import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../helpers/app.js';
import { demoFixture } from '../helpers/fixture.js';

const fx = demoFixture();
let app: FastifyInstance;

beforeAll(async () => {
  app = await testApp(fx.modelsDir);
});
afterAll(async () => app.close());

describe('GET /api/models', () => {
  it('lists the exported model with its kind, likelihood, sizes and example', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/models' });
    expect(res.statusCode).toBe(200);
    const tiny = res.json().models.find((m: { name: string }) => m.name === fx.model);
    expect(tiny).toMatchObject({
      name: fx.model,
      ok: true,
      kind: 'vae',
      likelihood: 'nb',
      features: fx.genes.length,
      latentDim: fx.latentDim,
      counts: true,
      example: true,
      covariates: [{ name: 'batch', type: 'categorical', categories: ['batch1', 'batch2'] }],
    });
    expect(tiny.description).toMatch(/simulated cells/);
  });

  it('lists broken folders as broken, with the reason', async () => {
    const models = (await app.inject({ method: 'GET', url: '/api/models' })).json().models as { name: string; ok: boolean; error?: string }[];
    const byName = Object.fromEntries(models.map((m) => [m.name, m]));
    expect(byName[fx.brokenSha]).toMatchObject({ ok: false });
    expect(byName[fx.brokenSha].error).toMatch(/decoder\.onnx is corrupt/);
    expect(byName[fx.brokenManifest].error).toMatch(/not valid JSON/);
    expect(models.map((m) => m.name)).toEqual([...models.map((m) => m.name)].sort());
  });
});

describe('broken models', () => {
  it('answers a request to a model with a bad sha256 with 500 and the reason, and keeps serving', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/models/${fx.brokenSha}/embed?example=1` });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ reason: 'model-broken' });
    expect(res.json().error).toMatch(/model "broken-sha" is broken: .*decoder\.onnx is corrupt/);
    expect((await app.inject({ method: 'GET', url: '/api/models' })).statusCode).toBe(200);
  });

  it('reports an ONNX file onnxruntime cannot load (sha256 fine) and lists it as broken from then on', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/models/${fx.brokenOnnx}/sample`, payload: { n: 2 } });
    expect(res.statusCode).toBe(500);
    expect(res.json().error).toMatch(/model "broken-onnx" is broken: its ONNX files do not load/);
    const listed = (await app.inject({ method: 'GET', url: '/api/models' })).json().models.find((m: { name: string }) => m.name === fx.brokenOnnx);
    expect(listed).toMatchObject({ ok: false });
    const again = await app.inject({ method: 'POST', url: `/api/models/${fx.model}/sample`, payload: { n: 2 } });
    expect(again.statusCode).toBe(200);
  });
});

describe('model names cannot leave the models folder', () => {
  it.each([
    ['/api/models/..%2F..%2Fetc/embed', 'invalid-model-name'],
    ['/api/models/..%5C..%5Cetc/embed', 'invalid-model-name'],
    ['/api/models/.hidden/embed', 'invalid-model-name'],
    ['/api/models/a%00b/embed', 'invalid-model-name'],
    ['/api/models/%252e%252e/embed', 'invalid-model-name'],
    // the router itself resolves %2e%2e to "..": no route matches
    ['/api/models/%2e%2e/embed', 'no-route'],
    ['/api/models/no-such-model/embed', 'unknown-model'],
  ])('POST %s → %s', async (url, reason) => {
    const res = await app.inject({ method: 'POST', url: `${url}?example=1` });
    expect(res.json().reason).toBe(reason);
    expect(res.statusCode).toBe(reason === 'invalid-model-name' ? 400 : 404);
  });

  it('does not route raw ../ paths anywhere', async () => {
    for (const url of ['/api/models/../../etc/passwd', '/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.body).not.toMatch(/root:/);
    }
  });
});

describe('the page', () => {
  it('serves index.html and its scripts', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<canvas id="map"');
    for (const file of ['app.js', 'plots.js', 'style.css']) expect((await app.inject({ method: 'GET', url: `/${file}` })).statusCode).toBe(200);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ reason: 'no-route' });
  });
});
