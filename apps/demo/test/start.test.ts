import { spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStartArgs } from '../src/start/start-options.js';

const START = fileURLToPath(new URL('../src/start.ts', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demo-start-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** Runs `npm start`'s script (src/start.ts through tsx) with one training epoch; resolves on exit, or calls `onLine` per stdout line. */
function runStart(args: string[], env: Record<string, string>, onLine?: (line: string, kill: () => void) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', START, '--epochs', '1', ...args], { env: { ...process.env, VAEKIT_BACKEND: 'wasm', ...env } });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine?.(line, () => child.kill('SIGINT'));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start (apps/demo/src/start.ts)', () => {
  it('trains, exports to ONNX with the calibration and example file, serves the demo at the URL it prints, and stops cleanly on Ctrl-C', async () => {
    let url: string | undefined;
    let listed: { name: string; ok: boolean }[] = [];
    const models = join(dir, 'models');
    const { code, stdout, stderr } = await runStart(['--models-dir', models, '--port', '0'], {}, (line, kill) => {
      const m = /running at (http:\/\/\S+)/.exec(line);
      if (!m) return;
      url = m[1];
      void fetch(`${url}api/models`)
        .then((r) => r.json())
        .then((body: { models: { name: string; ok: boolean }[] }) => (listed = body.models))
        .finally(kill);
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(stdout).toMatch(/Ctrl-C to stop/);
    expect(listed).toEqual([expect.objectContaining({ name: 'demo-pbmc-sim', ok: true })]);
    expect(stdout).toMatch(/simulating 4000 cells × 400 genes/);
    expect(stdout).toMatch(/epoch +1\/1 +loss [\d.]+/);
    expect(stdout).toMatch(/exported to ONNX/);
    const modelDir = join(models, 'demo-pbmc-sim');
    const manifest = JSON.parse(await readFile(join(modelDir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'vaekit-onnx', featureDim: 400, latentDim: 10, likelihood: { kind: 'nb' } });
    expect(manifest.metadata.anomaly.reference.length).toBeGreaterThan(100);
    expect(manifest.metadata.anomaly.threshold).toBeGreaterThan(0);
    await access(join(modelDir, 'example.h5ad'));
  });
});

describe('parseStartArgs', () => {
  it('serves by default; --no-serve or VAEKIT_START_NO_SERVE=1 stop after the export', () => {
    expect(parseStartArgs([], {})).toEqual({ modelsDir: resolve('.vaekit/models'), serve: true });
    expect(parseStartArgs(['--no-serve'], {}).serve).toBe(false);
    expect(parseStartArgs([], { VAEKIT_START_NO_SERVE: '1' }).serve).toBe(false);
    expect(parseStartArgs([], { VAEKIT_START_NO_SERVE: '0' }).serve).toBe(true);
  });

  it('reads the models folder, epochs, host and port', () => {
    expect(parseStartArgs(['--models-dir', '/m', '--epochs', '5', '--host', '0.0.0.0', '--port', '0'], { VAEKIT_MODELS: '/ignored' })).toEqual({ modelsDir: '/m', epochs: 5, host: '0.0.0.0', port: 0, serve: true });
    expect(parseStartArgs([], { VAEKIT_MODELS: '/env' }).modelsDir).toBe('/env');
  });

  it.each([
    [['--epochs', '0'], /--epochs must be a positive integer/],
    [['--port', 'x'], /--port must be an integer/],
    [['--bogus'], /Unknown option '--bogus'.*usage:/],
  ])('rejects %j', (argv, message) => expect(() => parseStartArgs(argv, {})).toThrow(message));
});
