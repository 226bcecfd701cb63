import { access, readFile, writeFile, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import type { ReplaceStage } from '../../src/persistence/index.js';
import { readModelDir, writeModelDir } from '../../src/persistence/index.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';
import { cleanup, entries, makeTempRoot, values } from './helpers.js';

let root: string;
let dir: string;
beforeEach(async () => {
  root = await makeTempRoot();
  dir = join(root, 'model');
});
afterEach(async () => {
  await cleanup(root);
});

const exists = (p: string) => access(p).then(() => true, () => false);

/** Writes a one-weight model whose values come from `seed`, tagged with `version` in model.json. */
async function writeVersion(version: string, seed: number, onStage?: (stage: ReplaceStage, path: string) => void | Promise<void>): Promise<void> {
  const w = tf.tensor(values(6, seed), [2, 3]);
  try {
    await writeModelDir(dir, { version }, { w }, { onStage });
  } finally {
    w.dispose();
  }
}

/** The version tag and the weight values currently saved under `dir`. */
async function readVersion(): Promise<{ version: unknown; w: Float32Array }> {
  const { manifest, weights } = await readModelDir(dir);
  const w = (await weights.w.data()) as Float32Array;
  tf.dispose(Object.values(weights));
  return { version: manifest.version, w };
}

describe('atomic model writes', () => {
  it('overwriting replaces the old model and leaves no temp or old directory behind', async () => {
    await expectNoTensorLeak(async () => {
      await writeVersion('A', 1);
      await writeVersion('B', 2);
      expect(await readVersion()).toEqual({ version: 'B', w: values(6, 2) });
    });
    expect(await entries(root)).toEqual(['model']);
  });

  it('a weight whose data cannot be read fails the write and keeps the previous model', async () => {
    await writeVersion('A', 1);
    await expectNoTensorLeak(async () => {
      const w = tf.zeros([2, 3]);
      const bad = tf.tensor([1, 2, 3]);
      bad.dispose(); // reading its data throws midway through encoding
      await expect(writeModelDir(dir, { version: 'B' }, { w, bad })).rejects.toThrow(/disposed/i);
      w.dispose();
      expect(await readVersion()).toEqual({ version: 'A', w: values(6, 1) });
    });
    expect(await entries(root)).toEqual(['model']);
  });

  it('a failure after the files are written (before the swap) keeps the previous model', async () => {
    await writeVersion('A', 1);
    let seen: string[] = [];
    const failing = async (stage: ReplaceStage, path: string) => {
      if (stage !== 'written') return;
      expect(dirname(path)).toBe(root);
      expect(basename(path)).toMatch(new RegExp(`^\\.model\\.tmp-${process.pid}-[0-9a-f]{8}$`));
      seen = await entries(path);
      throw new Error('disk full (simulated)');
    };
    await expect(writeVersion('B', 2, failing)).rejects.toThrow('disk full (simulated)');
    expect(seen).toEqual(['model.json', 'weights.bin']);
    expect(await readVersion()).toEqual({ version: 'A', w: values(6, 1) });
    expect(await entries(root)).toEqual(['model']);
  });

  it('a failure while the old model is moved aside puts it back', async () => {
    await writeVersion('A', 1);
    let asideHeld: unknown;
    let targetExisted = true;
    const failing = async (stage: ReplaceStage, path: string) => {
      if (stage !== 'moved-aside') return;
      targetExisted = await exists(dir);
      asideHeld = (JSON.parse(await readFile(join(path, 'model.json'), 'utf8')) as { version: unknown }).version;
      throw new Error('rename failed (simulated)');
    };
    await expect(writeVersion('B', 2, failing)).rejects.toThrow('rename failed (simulated)');
    expect(targetExisted).toBe(false);
    expect(asideHeld).toBe('A');
    expect(await readVersion()).toEqual({ version: 'A', w: values(6, 1) });
    expect(await entries(root)).toEqual(['model']);
  });

  it('a failed first save leaves no directory at all', async () => {
    await expect(
      writeVersion('A', 1, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await entries(root)).toEqual([]);
  });

  it('creates missing parent directories', async () => {
    dir = join(root, 'runs', 'exp1', 'model');
    await writeVersion('A', 1);
    expect(await readVersion()).toEqual({ version: 'A', w: values(6, 1) });
    expect(await entries(join(root, 'runs', 'exp1'))).toEqual(['model']);
  });

  it('refuses to replace a non-empty directory that is not a vaekit model, and leaves it alone', async () => {
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'my thesis');
    const err = await writeVersion('A', 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(`Refusing to replace ${dir}: it is not empty and not a vaekit model directory`);
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('my thesis');
    expect(await entries(root)).toEqual(['model']);
  });

  it('refuses to write over a file', async () => {
    await writeFile(dir, 'not a directory');
    const err = await writeVersion('A', 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('it exists and is not a directory');
    expect(await readFile(dir, 'utf8')).toBe('not a directory');
  });
});
