import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { FusedAdam, adamAttrs, adamUpdate, parseAdamOptions } from '../../src/nn/fused-adam.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';

describe('FusedAdam', () => {
  it('follows tf.train.adam step for step (5 steps, two variables; tfjs computes in float32)', async () => {
    await expectNoTensorLeak(() => {
      const init = { a: tf.tensor2d([[0.5, -1], [2, 0.1]]), b: tf.tensor1d([0.3, -0.7, 1.1]) };
      const ours = { a: tf.variable(init.a), b: tf.variable(init.b) };
      const ref = { a: tf.variable(init.a), b: tf.variable(init.b) };
      const fused = new FusedAdam({ learningRate: 0.05 });
      const adam = tf.train.adam(0.05);
      for (let step = 1; step <= 5; step++) {
        // gradients that change sign and scale from step to step
        const grads = { a: tf.tensor2d([[step, -0.5], [0.1 * step, -step * step]]), b: tf.tensor1d([Math.sin(step), 2, -3 / step]) };
        fused.applyGradients(ours, grads);
        adam.applyGradients([
          { name: ref.a.name, tensor: grads.a },
          { name: ref.b.name, tensor: grads.b },
        ]);
        tf.dispose(Object.values(grads));
      }
      for (const k of ['a', 'b'] as const) {
        const got = ours[k].dataSync();
        const want = ref[k].dataSync();
        for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]), `${k}[${i}]`).toBeLessThan(1e-5);
      }
      expect(fused.iterations).toBe(5);
      fused.dispose();
      adam.dispose();
      tf.dispose([...Object.values(init), ...Object.values(ours), ...Object.values(ref)]);
    });
  });

  it('adamUpdate: first step moves every weight by lr against the gradient sign', () => {
    const w = Float32Array.from([1, 1, 1]);
    const m = new Float32Array(3);
    const v = new Float32Array(3);
    adamUpdate(w, [4, -0.01, 0], m, v, adamAttrs(parseAdamOptions({ learningRate: 0.1, epsilon: 0 }), 1));
    // m̂ = g and v̂ = g² after one step, so each weight moves by lr·g/|g|; with ε = 0, g = 0 gives 0/0
    expect(w[0]).toBeCloseTo(0.9, 6);
    expect(w[1]).toBeCloseTo(1.1, 6);
    expect(Number.isNaN(w[2])).toBe(true);
  });

  it('rejects invalid options with a ConfigError', () => {
    expect(() => new FusedAdam({ learningRate: -1 })).toThrow(ConfigError);
    expect(() => new FusedAdam({ learningRate: 1e-3, beta1: 1 })).toThrow(ConfigError);
  });
});
