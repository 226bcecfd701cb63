import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@vaekit/core/errors';
import { startServer, type DemoServer } from '../src/index.js';

let dir: string;
let server: DemoServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demo-server-'));
  server = await startServer({ modelsDir: dir, port: 0 });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('startServer', () => {
  it('listens on 127.0.0.1 and answers with an empty listing for an empty folder', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(`${server.url}api/models`)).json()).toEqual({ models: [] });
  });

  it('refuses a port in use with a ConfigError', async () => {
    const port = Number(new URL(server.url).port);
    const err = await startServer({ modelsDir: dir, port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use`));
  });

  it('reports a models folder that does not exist on every model route, and keeps running', async () => {
    const missing = await startServer({ modelsDir: join(dir, 'nope'), port: 0 });
    try {
      const res = await fetch(`${missing.url}api/models`);
      expect(res.status).toBe(500);
      expect((await res.json()).error).toMatch(/the models folder .*nope cannot be read \(ENOENT\)/);
      expect((await fetch(missing.url)).status).toBe(200);
    } finally {
      await missing.close();
    }
  });
});
