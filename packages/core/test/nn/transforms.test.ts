import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ConfigError, inputTransforms } from '../../src/index.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';

const counts = [
  [0, 3, 7, 0],
  [10, 0, 0, 90],
  [0, 0, 0, 0],
];

describe('input transforms', () => {
  it('log1p is log(1 + x) element-wise', () => {
    const y = tf.tidy(() => inputTransforms.get('log1p').apply(tf.tensor2d(counts)).arraySync() as number[][]);
    counts.forEach((row, i) => row.forEach((v, j) => expect(y[i][j]).toBeCloseTo(Math.log1p(v), 6)));
  });

  it('log1p-cp10k divides each row by its total, scales to 1e4 (scanpy normalize_total) and takes log1p; empty rows stay 0', () => {
    const y = tf.tidy(() => inputTransforms.get('log1p-cp10k').apply(tf.tensor2d(counts)).arraySync() as number[][]);
    counts.forEach((row, i) => {
      const total = row.reduce((a, b) => a + b, 0);
      row.forEach((v, j) => expect(y[i][j]).toBeCloseTo(total === 0 ? 0 : Math.log1p((v / total) * 1e4), 4));
    });
  });

  it('log1p-cp10k is invariant to library size (a row and 5× the row give the same input)', () => {
    const y = tf.tidy(() => inputTransforms.get('log1p-cp10k').apply(tf.tensor2d([[1, 2, 3], [5, 10, 15]])).arraySync() as number[][]);
    y[0].forEach((v, j) => expect(y[1][j]).toBeCloseTo(v, 5));
  });

  it('an unknown transform is a ConfigError that lists the registered ones', () => {
    expect(() => inputTransforms.get('zscore')).toThrow(ConfigError);
    expect(() => inputTransforms.get('zscore')).toThrow(/log1p-cp10k/);
  });

  it('disposes its intermediates', async () => {
    const x = tf.tensor2d(counts);
    await expectNoTensorLeak(() => inputTransforms.get('log1p-cp10k').apply(x).dispose());
    x.dispose();
  });
});
