import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { repeatRows } from '../../src/vae/repeat-rows.js';
import { expectNoTensorLeakSync } from './helpers.js';

describe('repeatRows', () => {
  it('stacks copies copy-major, the layout of broadcastTo + reshape', () => {
    const t = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const viaBroadcast = tf.reshape(tf.broadcastTo(tf.expandDims(t, 0), [3, 2, 3]), [6, 3]);
    expect(repeatRows(t, 3).arraySync()).toEqual(viaBroadcast.arraySync());
    expect(repeatRows(t, 1).arraySync()).toEqual(t.arraySync());
    tf.dispose([t, viaBroadcast]);
  });

  it('passes gradients back summed over the copies, and leaks nothing', () => {
    const t = tf.tensor2d([
      [1, -2],
      [0.5, 3],
    ]);
    const w = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
      [9, 10],
      [11, 12],
    ]);
    expectNoTensorLeakSync(() => {
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(repeatRows(a, 3), w)))(t);
      // d/dt_ij Σ_s w_{s·2+i, j} t_ij
      expect(g.arraySync()).toEqual([
        [1 + 5 + 9, 2 + 6 + 10],
        [3 + 7 + 11, 4 + 8 + 12],
      ]);
      g.dispose();
    });
    tf.dispose([t, w]);
  });
});
