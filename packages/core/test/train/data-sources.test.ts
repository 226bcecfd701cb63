// Tests for src/data (ArraySource, SubsetSource, splits, Rng); kept under test/train/ with
// the trainer that uses them.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/math/rng.js';
import { ArraySource, SubsetSource, splitIndices, trainValidationSplit } from '../../src/data/index.js';
import { ConfigError, InputError } from '../../src/errors.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';

function rows(n: number, f: number): Float32Array {
  return Float32Array.from({ length: n * f }, (_, i) => i);
}

describe('Rng', () => {
  it('repeats its sequence for a seed, differs between seeds, and continues exactly from a saved state', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const seqA = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(seqA);
    const c = new Rng(43);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(seqA);
    const state = a.getState();
    const rest = Array.from({ length: 10 }, () => a.uniform());
    const resumed = Rng.fromState(JSON.parse(JSON.stringify(state)) as (number | null)[]);
    expect(Array.from({ length: 10 }, () => resumed.uniform())).toEqual(rest);
  });

  it('gives uniform values and unbiased permutations', () => {
    const r = new Rng(7);
    const xs = Array.from({ length: 20000 }, () => r.uniform());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01); // sd of the mean is 0.002
    // position of element 0 after shuffling 4 items: each of 4 places ~ 1/4 of 8000 draws (sd ≈ 39)
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i++) counts[r.permutation(4).indexOf(0)] += 1;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
    const p = r.permutation(100);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('ArraySource', () => {
  it('densifies the requested rows of x, covariates and extras, in the order asked', async () => {
    const src = new ArraySource({
      x: rows(5, 3),
      n: 5,
      featureDim: 3,
      covariates: Float32Array.from([1, 0, 0, 1, 1, 0, 0, 1, 1, 0]),
      extras: { libSize: Float32Array.from([10, 20, 30, 40, 50]), tokens: { data: Int32Array.from({ length: 10 }, (_, i) => i), shape: [2] } },
    });
    expect(src.size).toBe(5);
    expect(src.covariateDim).toBe(2);
    await expectNoTensorLeak(() => {
      const b = src.batch([4, 1]);
      expect(b.x.shape).toEqual([2, 3]);
      expect(Array.from(b.x.dataSync())).toEqual([12, 13, 14, 3, 4, 5]);
      expect(Array.from(b.covariates?.dataSync() ?? [])).toEqual([1, 0, 0, 1]);
      expect(b.libSize?.shape).toEqual([2, 1]);
      expect(Array.from(b.libSize?.dataSync() ?? [])).toEqual([50, 20]);
      expect(b.tokens?.dtype).toBe('int32');
      expect(Array.from(b.tokens?.dataSync() ?? [])).toEqual([8, 9, 2, 3]);
      tf.dispose(Object.values(b).filter((t): t is tf.Tensor => t !== undefined));
    });
  });

  it('rejects a wrong length, non-finite values (unless allowed) and out-of-range rows with InputError', () => {
    expect(() => new ArraySource({ x: rows(5, 3), n: 5, featureDim: 4 })).toThrow(/x has 15 values, expected n × 4 = 20/);
    const bad = rows(4, 2);
    bad[5] = NaN;
    expect(() => new ArraySource({ x: bad, n: 4, featureDim: 2 })).toThrow(InputError);
    expect(() => new ArraySource({ x: bad, n: 4, featureDim: 2 })).toThrow(/non-finite value \(NaN\) at row 2, column 1/);
    expect(() => new ArraySource({ x: bad, n: 4, featureDim: 2, allowNonFinite: true })).not.toThrow();
    expect(() => new ArraySource({ x: rows(4, 2), n: 4, featureDim: 2, covariates: new Float32Array(7) })).toThrow(/not a multiple of n = 4/);
    const inf = new Float32Array(4);
    inf[3] = Infinity;
    expect(() => new ArraySource({ x: rows(4, 2), n: 4, featureDim: 2, covariates: inf })).toThrow(/covariates has a non-finite value/);
    expect(() => new ArraySource({ x: rows(2, 2), n: 2, featureDim: 2, extras: { x: new Float32Array(2) } })).toThrow(/reserved/);
    const src = new ArraySource({ x: rows(3, 2), n: 3, featureDim: 2 });
    expect(() => src.batch([0, 3])).toThrow(/row index 3 is out of range/);
  });
});

describe('train/validation split', () => {
  it('splits disjointly, covers every row, has the asked size and is seeded', () => {
    const { train, validation } = splitIndices(103, 0.2, 5);
    expect(validation.length).toBe(21);
    expect(train.length).toBe(82);
    const all = [...train, ...validation].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 103 }, (_, i) => i));
    expect(splitIndices(103, 0.2, 5)).toEqual({ train, validation });
    expect(Array.from(splitIndices(103, 0.2, 6).validation)).not.toEqual(Array.from(validation));
    expect(() => splitIndices(10, 1, 0)).toThrow(ConfigError);
    expect(() => splitIndices(1, 0.5, 0)).toThrow(ConfigError);
  });

  it('gives SubsetSource views that read through to the parent rows', async () => {
    const parent = new ArraySource({ x: rows(10, 2), n: 10, featureDim: 2 });
    const { train, validation } = trainValidationSplit(parent, 0.3, 1);
    expect(train).toBeInstanceOf(SubsetSource);
    expect(train.size + validation.size).toBe(10);
    const expected = splitIndices(10, 0.3, 1).validation;
    await expectNoTensorLeak(() => {
      const b = validation.batch([0, validation.size - 1]);
      const first = expected[0];
      const last = expected[expected.length - 1];
      expect(Array.from(b.x.dataSync())).toEqual([2 * first, 2 * first + 1, 2 * last, 2 * last + 1]);
      b.x.dispose();
    });
    expect(() => validation.batch([validation.size])).toThrow(InputError);
  });
});
