import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { demoFixture } from './helpers/fixture.js';

const fx = demoFixture();
const helpers = fileURLToPath(new URL('./helpers/', import.meta.url));

describe('the server process', () => {
  it('never loads TensorFlow.js, whatever routes it serves', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'demo-trace-'));
    const trace = join(dir, 'loads.txt');
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', join(helpers, 'trace-loads.mjs'), '--import', 'tsx', join(helpers, 'serve-once.ts'), fx.modelsDir, fx.model],
        { env: { ...process.env, TRACE_LOADS_FILE: trace }, timeout: 90_000 },
      );
      expect(stdout).toMatch(new RegExp(`^ok ${fx.exampleCells.length} cells, map umap`));
      const loads = (await readFile(trace, 'utf8')).split('\n').filter(Boolean);
      // the trace saw the server's own dependencies, including those loaded lazily by the routes
      for (const dep of ['/fastify/', '/onnxruntime-node/', '/h5wasm/', '/umap-js/', '/fflate/', '/packages/omics/', '/packages/onnx/']) {
        expect(loads.some((l) => l.includes(dep)), dep).toBe(true);
      }
      expect(loads.filter((l) => l.includes('@tensorflow'))).toEqual([]);
      expect(loads.filter((l) => /packages\/core\/dist\/index\.js|packages\/omics\/dist\/index\.js|packages\/onnx\/dist\/index\.js/.test(l))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
