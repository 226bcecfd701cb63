import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, EngineError } from '../../src/errors.js';
import type { EngineCandidate } from '../../src/engine/index.js';
import { ENGINE_ENV_VAR, engineCandidates, engineInfo, formatEngineLine, useEngine } from '../../src/engine/index.js';

/** Whether a package resolves from here — checked independently of the engine's own importer. */
function resolvable(pkg: string): boolean {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
}
const nativeInstalled = resolvable('@tensorflow/tfjs-node') || resolvable('@tensorflow/tfjs-node-gpu');

const savedEnv = process.env[ENGINE_ENV_VAR];
function restoreEnv(): void {
  if (savedEnv === undefined) delete process.env[ENGINE_ENV_VAR];
  else process.env[ENGINE_ENV_VAR] = savedEnv;
}

describe('useEngine', () => {
  afterEach(restoreEnv);
  afterAll(async () => {
    restoreEnv();
    await useEngine('wasm', { quiet: true });
  });

  it.skipIf(nativeInstalled)('auto picks wasm here and says why both tfjs-node packages were skipped', async () => {
    delete process.env[ENGINE_ENV_VAR];
    await useEngine('cpu', { quiet: true }); // so that 'auto' cannot be answered from the cache
    const lines: string[] = [];
    const report = await useEngine('auto', { logger: (l) => lines.push(l) });
    expect(report.chosen).toBe('wasm');
    expect(report.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.reason).toMatch(/^auto/);
    expect(report.skipped).toEqual([
      { name: 'tfjs-node-gpu', why: 'not installed' },
      { name: 'tfjs-node', why: 'not installed' },
    ]);
    // Node's wasm build is single-threaded; SIMD is whatever this V8 validates.
    expect(report.details.threads).toBe(1);
    expect(report.details.simd).toBe(Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `vaekit engine: wasm (${report.details.simd ? 'SIMD' : 'no SIMD'}, 1 thread) — skipped tfjs-node-gpu: not installed; tfjs-node: not installed`,
    );
    expect(engineInfo()).toBe(report);
  });

  it('a second call with the same request is answered from the cache and prints nothing', async () => {
    const first = await useEngine('wasm', { quiet: true });
    const lines: string[] = [];
    const second = await useEngine('wasm', { logger: (l) => lines.push(l) });
    expect(second).toBe(first);
    expect(lines).toEqual([]);
  });

  it('switches to cpu explicitly and back to wasm, keeping tensors usable', async () => {
    const cpu = await useEngine('cpu', { quiet: true });
    expect(cpu).toMatchObject({ chosen: 'cpu', backend: 'cpu', reason: 'requested explicitly', skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
    const x = tf.tensor1d([1, 2, 3]);
    const wasm = await useEngine('wasm', { quiet: true });
    expect(wasm).toMatchObject({ chosen: 'wasm', backend: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
    const y = tf.mul(x, 2); // x was made on cpu and is moved to wasm
    expect(Array.from(await y.data())).toEqual([2, 4, 6]);
    tf.dispose([x, y]);
    expect(engineInfo()).toBe(wasm);
  });

  it.skipIf(nativeInstalled)('naming tfjs-node explicitly throws EngineError: not installed, what is available, how to install', async () => {
    await useEngine('wasm', { quiet: true });
    const err = await useEngine('tfjs-node', { quiet: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    const message = (err as EngineError).message;
    expect(message).toContain('"tfjs-node" engine is not available: not installed');
    expect(message).toContain('available here: wasm, cpu');
    expect(message).toContain('npm i @tensorflow/tfjs-node');
    expect(message).toContain('libtensorflow');
    // the failed request left the active backend alone
    expect(tf.getBackend()).toBe('wasm');
  });

  it('an unknown name is a ConfigError listing the valid names', async () => {
    const err = await useEngine('webgpu', { quiet: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('Unknown engine "webgpu"');
    expect((err as Error).message).toContain('auto, tfjs-node-gpu, tfjs-node, wasm, cpu');
  });

  it('VAEKIT_BACKEND pins the engine in place of auto, but not over an explicit name', async () => {
    await useEngine('wasm', { quiet: true });
    process.env[ENGINE_ENV_VAR] = 'cpu';
    const lines: string[] = [];
    const pinned = await useEngine('auto', { logger: (l) => lines.push(l) });
    expect(pinned).toMatchObject({ chosen: 'cpu', backend: 'cpu', reason: 'pinned by VAEKIT_BACKEND=cpu' });
    expect(lines).toEqual(['vaekit engine: cpu (pure JavaScript, slow) — pinned by VAEKIT_BACKEND=cpu']);
    const explicit = await useEngine('wasm', { quiet: true });
    expect(explicit.chosen).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('an invalid VAEKIT_BACKEND is a ConfigError naming the variable', async () => {
    process.env[ENGINE_ENV_VAR] = 'gpu';
    const err = await useEngine('auto', { quiet: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('VAEKIT_BACKEND="gpu" is not an engine');
  });

  it.skipIf(nativeInstalled)('a pinned engine that is missing says it was pinned by VAEKIT_BACKEND', async () => {
    process.env[ENGINE_ENV_VAR] = 'tfjs-node-gpu';
    const err = await useEngine('auto', { quiet: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as Error).message).toContain('"tfjs-node-gpu" engine (pinned by VAEKIT_BACKEND=tfjs-node-gpu) is not available');
  });

  it('auto records a candidate that fails to load with its message, and moves on', async () => {
    const broken: EngineCandidate = {
      name: 'broken',
      backend: 'broken',
      install: 'n/a',
      load: async () => ({ ok: false, notInstalled: false, why: 'failed to load: libfoo.so: cannot open shared object file' }),
    };
    const uninitialisable: EngineCandidate = {
      name: 'noinit',
      backend: 'vaekit-test-noinit',
      install: 'n/a',
      load: async () => {
        tf.registerBackend('vaekit-test-noinit', () => {
          throw new Error('no device');
        });
        return { ok: true };
      },
    };
    const candidates = [broken, uninitialisable, ...engineCandidates.filter((c) => c.name === 'cpu')];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined); // tfjs logs the init failure
    const report = await useEngine('auto', { quiet: true, candidates }).finally(() => warn.mockRestore());
    expect(report.chosen).toBe('cpu');
    expect(report.skipped).toEqual([
      { name: 'broken', why: 'failed to load: libfoo.so: cannot open shared object file' },
      { name: 'noinit', why: 'backend "vaekit-test-noinit" failed to initialise' },
    ]);
    tf.removeBackend('vaekit-test-noinit');
    await useEngine('wasm', { quiet: true });
  });

  it('formats the one-line message from a report', () => {
    expect(
      formatEngineLine({
        backend: 'tensorflow',
        chosen: 'tfjs-node',
        reason: 'auto',
        skipped: [{ name: 'tfjs-node-gpu', why: 'failed to load: libcudart.so.11.0: cannot open' }],
        details: { note: 'native libtensorflow' },
      }),
    ).toBe('vaekit engine: tfjs-node (native libtensorflow) — skipped tfjs-node-gpu: failed to load: libcudart.so.11.0: cannot open');
  });
});
