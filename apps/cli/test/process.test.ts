// The built binary as a user runs it: a real process, real signals, real exit codes.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeSimulatedH5ad } from './helpers/data.js';

const BIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Child {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** Runs `node dist/main.js ...args`; `onStdout` sees stdout as it grows and may signal the process. */
function vaekit(args: string[], onStdout?: (text: string, signal: (s: NodeJS.Signals) => void) => void): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, VAEKIT_BACKEND: 'wasm', VAEKIT_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      onStdout?.(out, (sig) => child.kill(sig));
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

let dir: string;
let cleanup: () => Promise<void>;
let cells: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  cells = join(dir, 'cells.h5ad');
  await writeSimulatedH5ad(cells, { cells: 400, genes: 60, cellTypes: 3, batches: 1, seed: 2 });
});
afterAll(() => cleanup());

describe('the vaekit binary', () => {
  it('starts with a shebang and prints its help', async () => {
    expect((await readFile(BIN, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
    const { code, out } = await vaekit(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: vaekit \[options\] \[command\]/);
  });

  it('exits 2 on a bad flag and 1 on a missing file, with one message and no stack trace', async () => {
    const usage = await vaekit(['train', 'omics', '--data', cells, '--out', join(dir, 'x'), '--epochs', 'many']);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/^error: option '--epochs <n>' argument 'many' is invalid/);
    const missing = await vaekit(['train', 'omics', '--data', join(dir, 'nope.h5ad'), '--out', join(dir, 'x')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^error: .*nope\.h5ad does not exist\n {2}hint: check the path\n$/);
    expect(missing.err).not.toMatch(/\n\s+at /);
  });

  const train = (out: string) => ['train', 'omics', '--data', cells, '--out', join(dir, out), '--n-top-genes', '0', '--latent', '3', '--hidden', '16', '--batch-size', '16', '--epochs', '500', '--json'];
  const firstEpoch = (text: string) => text.split('\n').some((l) => l.startsWith('{"type":"epoch"'));

  it('Ctrl-C (SIGINT) after the first epoch: stops, saves the model, keeps the checkpoint, exits 130', async () => {
    let sent = false;
    const r = await vaekit(train('sigint'), (text, signal) => {
      if (!sent && firstEpoch(text)) {
        sent = true;
        signal('SIGINT');
      }
    });
    expect(r.code).toBe(130);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; summary?: { stoppedReason: string; epochs: number }; checkpointEpoch?: number });
    const saved = lines.at(-1);
    expect(saved?.type).toBe('saved');
    expect(saved?.summary?.stoppedReason).toBe('cancelled');
    expect(saved?.summary?.epochs).toBeLessThan(500);
    expect(saved?.checkpointEpoch).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(dir, 'sigint', 'model', 'model.json'))).toBe(true);
    const checkpoint = JSON.parse(await readFile(join(dir, 'sigint', 'checkpoint', 'model.json'), 'utf8')) as { training: { epoch: number } };
    expect(checkpoint.training.epoch).toBe(saved?.checkpointEpoch);
  });

  it('a second Ctrl-C quits at once with exit code 130', async () => {
    // the first when the data start to be read; the second once the first is acknowledged, while the
    // larger data set is still read and preprocessed and the engine has still to start (about a second:
    // the child cannot finish first unless this process takes that long to answer)
    const big = join(dir, 'big.h5ad');
    await writeSimulatedH5ad(big, { cells: 1500, genes: 1000, cellTypes: 3, batches: 1, seed: 3 });
    let sent = 0;
    const r = await vaekit(['train', 'omics', '--data', big, '--out', join(dir, 'sigint-twice'), '--n-top-genes', '500', '--json'], (text, signal) => {
      if (sent === 0 && text.includes('"message":"reading ')) {
        sent = 1;
        signal('SIGINT');
      } else if (sent === 1 && text.includes('"message":"interrupted: ')) {
        sent = 2;
        signal('SIGINT');
      }
    });
    expect(sent).toBe(2);
    expect(r.code).toBe(130);
    expect(r.err).toMatch(/interrupted again: quitting without saving the model/);
    expect(r.out).not.toMatch(/"type":"(start|saved)"/);
  });
});
