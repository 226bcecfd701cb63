import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { log1pFast } from '../../src/nn/log1p-fast.js';
import '../../src/train/register-gradients.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';

describe('log1pFast', () => {
  it('equals Math.log1p for counts, large counts, non-integers, values near 0 and near −1, with gradient 1/(1 + x)', async () => {
    // 14 values: on wasm the first 12 go through SIMD in groups of 4 (−0.999 forces its group to JS), 2 through the tail
    const xs = [1e-7, 0, 1, 2, 17, 4095, 4096, 1e6, 0.5, 2.25, -0.3, -0.999, 3e-3, 7];
    await expectNoTensorLeak(() => {
      const x = tf.tensor1d(xs);
      const y = log1pFast(x);
      const [g] = tf.grads((v: tf.Tensor) => tf.sum(log1pFast(v)))([x]);
      const yv = y.dataSync();
      const gv = g.dataSync();
      xs.map(Math.fround).forEach((v, i) => {
        // v is the float32 input the tensor holds
        expect(Math.abs(yv[i] - Math.log1p(v)) / Math.max(1e-7, Math.abs(Math.log1p(v))), `log1p(${v})`).toBeLessThan(1e-6);
        expect(Math.abs(gv[i] - 1 / (1 + v)) * (1 + v), `d/dx at ${v}`).toBeLessThan(1e-6);
      });
      tf.dispose([x, y, g]);
    });
  });
});
