// `vaekit serve`: the demo server over models exported by `vaekit export`, started and stopped by the CLI.
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ScviModel, readCounts } from '@vaekit/omics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeSimulatedH5ad } from './helpers/data.js';
import { FakeIo, vaekit } from './helpers/fake-io.js';

let dir: string;
let cleanup: () => Promise<void>;
let cells: string;
let run: string;
let models: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  cells = join(dir, 'cells.h5ad');
  await writeSimulatedH5ad(cells, { cells: 200, genes: 40, cellTypes: 2, batches: 2, seed: 8 });
  run = join(dir, 'run');
  models = join(dir, 'models');
  expect((await vaekit(['train', 'omics', '--data', cells, '--out', run, '--batch-key', 'batch', '--n-top-genes', '0', '--latent', '3', '--hidden', '16', '--epochs', '2'])).code).toBe(0);
  expect((await vaekit(['export', '--model', run, '--onnx', '--out', join(models, 'tiny')])).code).toBe(0);
});
afterAll(() => cleanup());

/** Starts `vaekit serve` in-process and resolves once it printed its URL. */
async function serve(args: string[]): Promise<{ url: string; io: FakeIo; done: Promise<number> }> {
  const io = new FakeIo();
  const printed = new Promise<string>((resolve) => {
    io.onWrite = (stream, text) => {
      const url = stream === 'out' ? /^vaekit demo: (http:\S+)$/m.exec(text)?.[1] : undefined;
      if (url) resolve(url);
    };
  });
  const done = vaekit(['serve', ...args], io).then((r) => r.code);
  const url = await Promise.race([printed, done.then((code) => Promise.reject(new Error(`serve exited ${code}: ${io.err}`)))]);
  return { url, io, done };
}

describe('vaekit serve', () => {
  it('serves the exports, embeds uploaded cells as the trained model does, and stops on Ctrl-C with exit code 0', async () => {
    const { url, io, done } = await serve(['--models', models, '--port', '0']);
    try {
      expect(io.err).toMatch(/serving 1 model from .*models: tiny\npress Ctrl-C to stop/);
      const list = (await (await fetch(`${url}api/models`)).json()) as { models: { name: string; ok: boolean; latentDim: number }[] };
      expect(list.models).toEqual([expect.objectContaining({ name: 'tiny', ok: true, latentDim: 3 })]);

      // the uploaded .h5ad, embedded by onnxruntime in the server = the TensorFlow.js model's latent means
      const upload = await fetch(`${url}api/models/tiny/embed?filename=cells.h5ad&map=pca`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: await readFile(cells) });
      expect(upload.status).toBe(200);
      const analysis = (await upload.json()) as { downloads: { latentCsv: string } };
      const csv = (await (await fetch(new URL(analysis.downloads.latentCsv, url))).text()).trim().split('\n');
      const model = await ScviModel.load(join(run, 'model'));
      try {
        const z = model.latent(await readCounts(cells));
        expect(csv.length).toBe(201);
        const served = csv.slice(1).map((line) => line.split(',').slice(1, 4).map(Number));
        const maxError = Math.max(...served.flatMap((row, i) => row.map((v, j) => Math.abs(v - z.data[i * 3 + j]))));
        expect(maxError).toBeLessThan(1e-4);
      } finally {
        model.dispose();
      }
    } finally {
      io.interrupt();
    }
    expect(await done).toBe(0);
    expect(io.err).toMatch(/stopping the server/);
    expect(io.listening).toBe(0);
    await expect(fetch(`${url}api/models`)).rejects.toThrow();
  });

  it('a missing --models folder is exit 1; a port in use is a setting to change (ConfigError, exit 2) naming the port', async () => {
    const missing = await vaekit(['serve', '--models', join(dir, 'nope')]);
    expect([missing.code, missing.err]).toEqual([1, expect.stringMatching(/^error: --models .*nope is not a folder\n {2}hint: pass the folder that holds your exports/)]);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const busy = await vaekit(['serve', '--models', models, '--port', String(port)]);
      expect([busy.code, busy.err]).toEqual([2, expect.stringMatching(new RegExp(`^error: port ${port} on 127\\.0\\.0\\.1 is in use\\n {2}hint: pick another port`))]);
    } finally {
      blocker.close();
    }
  });

  it('rejects a bad --port or --max-upload-mb (exit 2)', async () => {
    for (const args of [['--port', '70000'], ['--port', 'http'], ['--max-upload-mb', '0']]) {
      const r = await vaekit(['serve', '--models', models, ...args]);
      expect(r.code).toBe(2);
    }
  });
});
