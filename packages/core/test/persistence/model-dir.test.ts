import { createHash } from 'node:crypto';
import { readFile, rm, truncate, writeFile, mkdir, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../src/errors.js';
import type { JsonObject } from '../../src/plugins/contracts.js';
import { FORMAT_VERSION, MigrationRegistry, readModelDir, writeModelDir } from '../../src/persistence/index.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';
import { cleanup, editModelJson, entries, makeTempRoot, values } from './helpers.js';

let root: string;
beforeEach(async () => {
  root = await makeTempRoot();
});
afterEach(async () => {
  await cleanup(root);
});

const kernelValues = values(12, 7);
const biasValues = values(4, 8);
const countValues = Int32Array.from([0, -3, 2147483647, -2147483648, 42, 7]);

/** Writes a model with a float32 matrix, a float32 vector, an int32 matrix, a scalar and an empty tensor. */
async function writeSample(dir: string, manifest: JsonObject = { note: 'sample' }): Promise<void> {
  const weights: Record<string, Tensor> = {
    'enc/kernel': tf.tensor(kernelValues, [3, 4]),
    'enc/bias': tf.tensor(biasValues, [4]),
    'vocab/counts': tf.tensor(countValues, [2, 3], 'int32'),
    scale: tf.scalar(0.125),
    empty: tf.zeros([0, 5]),
  };
  try {
    await writeModelDir(dir, manifest, weights);
  } finally {
    tf.dispose(Object.values(weights));
  }
}

/** Reads a model and disposes its weights, returning the error it throws (or undefined). */
async function readError(dir: string, migrations?: MigrationRegistry): Promise<ModelFormatError> {
  const before = tf.memory().numTensors;
  const err = await readModelDir(dir, { migrations }).then(
    (c) => {
      tf.dispose(Object.values(c.weights));
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(tf.memory().numTensors).toBe(before); // a failed read makes no tensor
  expect(err).toBeInstanceOf(ModelFormatError);
  return err as ModelFormatError;
}

describe('writeModelDir / readModelDir', () => {
  it('round trip gives identical values, shapes, dtypes and manifest', async () => {
    const dir = join(root, 'model');
    const manifest: JsonObject = { note: 'sample', nested: { featureNames: ['a', 'b'], lr: 1e-3, flag: true, none: null } };
    await expectNoTensorLeak(async () => {
      await writeSample(dir, manifest);
      const { manifest: read, weights, index } = await readModelDir(dir);
      try {
        expect(read).toMatchObject({ format: 'vaekit-model', formatVersion: FORMAT_VERSION, ...manifest });
        expect(typeof read.createdAt).toBe('string');
        expect(Number.isNaN(Date.parse(read.createdAt as string))).toBe(false);
        expect('weights' in read).toBe(false);
        expect(index.entries.map((e) => e.name)).toEqual(['enc/kernel', 'enc/bias', 'vocab/counts', 'scale', 'empty']);
        expect(weights['enc/kernel'].shape).toEqual([3, 4]);
        expect(await weights['enc/kernel'].data()).toEqual(kernelValues);
        expect(await weights['enc/bias'].data()).toEqual(biasValues);
        expect(weights['vocab/counts'].dtype).toBe('int32');
        expect(await weights['vocab/counts'].data()).toEqual(countValues);
        expect(weights.scale.shape).toEqual([]);
        expect(Array.from(await weights.scale.data())).toEqual([0.125]);
        expect(weights.empty.shape).toEqual([0, 5]);
      } finally {
        tf.dispose(Object.values(weights));
      }
    });
    expect(await entries(root)).toEqual(['model']);
    expect(await entries(dir)).toEqual(['model.json', 'weights.bin']);
  });

  it('model.json describes weights.bin exactly: little-endian values at the recorded offsets, sha256 of the file', async () => {
    const dir = join(root, 'model');
    await writeSample(dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
      weights: { file: string; byteLength: number; sha256: string; entries: { name: string; shape: number[]; dtype: string; offset: number; byteLength: number }[] };
    };
    const bin = await readFile(join(dir, 'weights.bin'));
    expect(json.weights.file).toBe('weights.bin');
    expect(json.weights.byteLength).toBe(bin.byteLength);
    expect(json.weights.byteLength).toBe((12 + 4 + 6 + 1) * 4);
    expect(json.weights.sha256).toBe(createHash('sha256').update(bin).digest('hex'));
    const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
    const at = (name: string) => json.weights.entries.find((e) => e.name === name)!;
    expect(at('enc/kernel')).toEqual({ name: 'enc/kernel', shape: [3, 4], dtype: 'float32', offset: 0, byteLength: 48 });
    expect(at('vocab/counts')).toMatchObject({ dtype: 'int32', offset: 64, byteLength: 24 });
    for (let i = 0; i < 12; i++) expect(view.getFloat32(at('enc/kernel').offset + 4 * i, true)).toBe(kernelValues[i]);
    for (let i = 0; i < 6; i++) expect(view.getInt32(at('vocab/counts').offset + 4 * i, true)).toBe(countValues[i]);
    expect(view.getFloat32(at('scale').offset, true)).toBe(0.125);
  });

  it('rejects manifests that set reserved keys', async () => {
    await expect(writeSample(join(root, 'm'), { weights: 1 })).rejects.toThrow(/reserved key\(s\) weights/);
    expect(await entries(root)).toEqual([]);
  });
});

describe('readModelDir errors (each a ModelFormatError naming the file and the problem)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(root, 'model');
    await writeSample(dir);
  });

  it('directory missing', async () => {
    const err = await readError(join(root, 'nope'));
    expect(err.message).toContain(`Model directory ${join(root, 'nope')} does not exist`);
  });

  it('model.json missing', async () => {
    await rm(join(dir, 'model.json'));
    expect((await readError(dir)).message).toContain(`${join(dir, 'model.json')} is missing`);
  });

  it('model.json not JSON', async () => {
    await writeFile(join(dir, 'model.json'), '{"format": "vaekit-model", ');
    expect((await readError(dir)).message).toMatch(/model\.json is not valid JSON \(/);
  });

  it('model.json of something else', async () => {
    await writeFile(join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: {} }));
    expect((await readError(dir)).message).toContain('model.json is not a vaekit model: "format" is "layers-model", expected "vaekit-model"');
  });

  it('formatVersion newer than this vaekit reads: says which version it reads and to upgrade', async () => {
    await editModelJson(dir, (j) => ({ ...j, formatVersion: FORMAT_VERSION + 1 }));
    const err = await readError(dir);
    expect(err.message).toContain(`has formatVersion ${FORMAT_VERSION + 1}, newer than this vaekit reads (formatVersion ${FORMAT_VERSION} at most)`);
    expect(err.hint).toContain('upgrade @vaekit/core');
  });

  it('an older formatVersion without a migration', async () => {
    await editModelJson(dir, (j) => ({ ...j, formatVersion: FORMAT_VERSION - 1 }));
    const err = await readError(dir, new MigrationRegistry());
    expect(err.message).toContain(`no migration from formatVersion ${FORMAT_VERSION - 1} to ${FORMAT_VERSION}`);
  });

  it('an older formatVersion with a registered migration loads', async () => {
    // pretend formatVersion FORMAT_VERSION-1 called the manifest key "comment" instead of "note"
    await editModelJson(dir, (j) => {
      const { note, ...rest } = j;
      return { ...rest, comment: note, formatVersion: FORMAT_VERSION - 1 };
    });
    const migrations = new MigrationRegistry();
    migrations.register(FORMAT_VERSION - 1, (j) => {
      const { comment, ...rest } = j;
      return { ...rest, note: comment };
    });
    const { manifest, weights } = await readModelDir(dir, { migrations });
    tf.dispose(Object.values(weights));
    expect(manifest).toMatchObject({ formatVersion: FORMAT_VERSION, note: 'sample' });
    expect('comment' in manifest).toBe(false);
  });

  it('weights.bin missing', async () => {
    await rm(join(dir, 'weights.bin'));
    expect((await readError(dir)).message).toContain(`${join(dir, 'weights.bin')} is missing`);
  });

  it('weights.bin truncated', async () => {
    await truncate(join(dir, 'weights.bin'), 50);
    expect((await readError(dir)).message).toContain(`weights.bin is truncated: 50 bytes, but ${join(dir, 'model.json')} says 92`);
  });

  it('weights.bin longer than recorded', async () => {
    await appendFile(join(dir, 'weights.bin'), Buffer.from([1, 2, 3, 4]));
    expect((await readError(dir)).message).toContain('weights.bin has 96 bytes, but');
  });

  it('one flipped byte in weights.bin: sha256 mismatch', async () => {
    const file = join(dir, 'weights.bin');
    const bin = await readFile(file);
    bin[17] ^= 0x01;
    await writeFile(file, bin);
    expect((await readError(dir)).message).toMatch(/weights\.bin is corrupt: its sha256 [0-9a-f]{64} does not match [0-9a-f]{64} recorded in/);
  });

  it('an entry out of bounds', async () => {
    await editModelJson(dir, (j) => {
      const w = j.weights as { entries: { name: string; offset: number }[] };
      w.entries[0].offset = 80; // 48 bytes from 80 runs past 92
      return j;
    });
    expect((await readError(dir)).message).toContain('weight "enc/kernel" (bytes 80–128) lies outside weights.bin (92 bytes)');
  });

  it('an unknown dtype', async () => {
    await editModelJson(dir, (j) => {
      (j.weights as { entries: { dtype: string }[] }).entries[1].dtype = 'float16';
      return j;
    });
    expect((await readError(dir)).message).toContain('weight "enc/bias" has unknown dtype "float16" (this vaekit reads float32, int32)');
  });

  it('a shape that does not match the byteLength', async () => {
    await editModelJson(dir, (j) => {
      (j.weights as { entries: { shape: number[] }[] }).entries[0].shape = [4, 4];
      return j;
    });
    expect((await readError(dir)).message).toContain('weight "enc/kernel" has byteLength 48, but shape [4,4] of float32 needs 64');
  });
});

describe('weights of other dtypes', () => {
  it('refuses to save a bool tensor, writing nothing', async () => {
    const flag = tf.tensor([true, false], [2], 'bool');
    await expect(writeModelDir(join(root, 'm'), {}, { flag })).rejects.toThrow('Weight "flag" has dtype bool');
    flag.dispose();
    expect(await entries(root)).toEqual([]);
  });

  it('a manifest may be written next to a pre-created empty directory', async () => {
    await mkdir(join(root, 'm'));
    await writeSample(join(root, 'm'));
    expect(await entries(join(root, 'm'))).toEqual(['model.json', 'weights.bin']);
  });
});
