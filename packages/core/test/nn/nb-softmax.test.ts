import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { nbSoftmaxLogLik } from '../../src/nn/nb-softmax.js';
import { setSimdEnabled } from '../../src/nn/simd/instance.js';
import '../../src/train/register-gradients.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';

/** scipy reference values and finite-difference gradients (fixtures/nb_softmax.py). */
interface Fixture {
  logits: number[][];
  x: number[][];
  logLibrary: number[];
  logTheta: number[];
  ll: number[];
  dy: number[];
  dLogits: number[][];
  dLogTheta: number[];
}
const fx = JSON.parse(readFileSync(new URL('./fixtures/nb-softmax.json', import.meta.url), 'utf8')) as Fixture;

function inputs(): { logits: Tensor; x: Tensor; logLib: Tensor; logTheta: Tensor; dy: Tensor } {
  return {
    logits: tf.tensor2d(fx.logits),
    x: tf.tensor2d(fx.x),
    logLib: tf.tensor1d(fx.logLibrary),
    logTheta: tf.tensor1d(fx.logTheta),
    dy: tf.tensor1d(fx.dy),
  };
}

/** |a − e| ≤ tol · max(1, |e|), element-wise. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]));
    expect(Math.abs(actual[i] - expected[i]) / scale, `element ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThan(tol);
  }
}

describe('nbSoftmaxLogLik', () => {
  it('equals scipy nbinom.logpmf summed over genes (zeros, counts past the table, 5000, a non-integer, θ from e⁻⁵ to e¹²)', async () => {
    await expectNoTensorLeak(() => {
      const t = inputs();
      const ll = nbSoftmaxLogLik(t.logits, t.x, t.logLib, t.logTheta);
      expect(ll.shape).toEqual([fx.x.length]);
      // float32 inputs: the reference is float64, so allow float32 rounding of the sums (~1e-6 relative)
      expectClose(ll.dataSync(), fx.ll, 2e-6);
      tf.dispose([ll, ...Object.values(t)]);
    });
  });

  it('has the gradient of scipy finite differences for logits and logTheta', async () => {
    await expectNoTensorLeak(() => {
      const t = inputs();
      const f = (l: Tensor, lt: Tensor) => tf.sum(tf.mul(nbSoftmaxLogLik(l, t.x, t.logLib, lt), t.dy));
      const [gLogits, gTheta] = tf.grads(f)([t.logits, t.logTheta]);
      expectClose(gLogits.dataSync(), fx.dLogits.flat(), 1e-5);
      expectClose(gTheta.dataSync(), fx.dLogTheta, 1e-5);
      tf.dispose([gLogits, gTheta, ...Object.values(t)]);
    });
  });

  it('gives the same values outside a gradient tape and accepts logLibrary as [B, 1]', async () => {
    await expectNoTensorLeak(() => {
      const t = inputs();
      const lib2 = tf.reshape(t.logLib, [-1, 1]);
      const plain = nbSoftmaxLogLik(t.logits, t.x, lib2, t.logTheta);
      const theta = tf.variable(t.logTheta);
      const { value, grads } = tf.variableGrads(() => tf.sum(nbSoftmaxLogLik(t.logits, t.x, t.logLib, theta)), [theta]);
      expect(Math.abs(value.dataSync()[0] - Array.from(plain.dataSync()).reduce((a, b) => a + b, 0))).toBeLessThan(1e-3);
      tf.dispose([plain, value, lib2, theta, ...Object.values(grads), ...Object.values(t)]);
    });
  });

  it('the SIMD path (float32) agrees with the float64 JS path on a realistic batch, θ from e⁻⁴ to e¹²', async (ctx) => {
    if (tf.getBackend() !== 'wasm') ctx.skip(); // the SIMD path exists on the wasm backend only
    // 48 genes (a multiple of 4: every gene goes through SIMD), counts 0 … 40 and one 3000
    const B = 6;
    const G = 48;
    const logits = tf.tidy(() => tf.mul(tf.randomNormal([B, G], 0, 1, 'float32', 3), 2));
    const counts = Float32Array.from({ length: B * G }, (_, i) => (i % 5 === 0 ? 0 : (i * 7919) % 41));
    counts[17] = 3000;
    const x = tf.tensor2d(counts, [B, G]);
    const logLib = tf.tensor1d(Array.from({ length: B }, (_, b) => Math.log(500 + 300 * b)));
    const logTheta = tf.tensor1d(Array.from({ length: G }, (_, g) => -4 + (16 * g) / (G - 1)));
    const run = (simd: boolean) => {
      setSimdEnabled(simd);
      try {
        const f = (l: Tensor, lt: Tensor) => tf.sum(nbSoftmaxLogLik(l, x, logLib, lt));
        const { value, grads } = tf.valueAndGrads(f)([logits, logTheta]);
        const out = { ll: value.dataSync()[0], dl: Array.from(grads[0].dataSync()), dt: Array.from(grads[1].dataSync()) };
        tf.dispose([value, ...grads]);
        return out;
      } finally {
        setSimdEnabled(true);
      }
    };
    await expectNoTensorLeak(() => {
      const js = run(false);
      const simd = run(true);
      expect(simd.dl).not.toEqual(js.dl); // two different paths ran (float32 SIMD vs float64 JS)
      expect(Math.abs(simd.ll - js.ll) / Math.abs(js.ll)).toBeLessThan(1e-6);
      // float32 vs float64: errors scale with the size of the terms (x, μ), so compare against 1 + |ref|
      js.dl.forEach((v, i) => expect(Math.abs(simd.dl[i] - v) / (1 + Math.abs(v)), `dLogits[${i}]`).toBeLessThan(2e-5));
      js.dt.forEach((v, i) => expect(Math.abs(simd.dt[i] - v) / (1 + Math.abs(v)), `dLogTheta[${i}]`).toBeLessThan(2e-5));
    });
    tf.dispose([logits, x, logLib, logTheta]);
  });

  it('rejects mismatched shapes with an InputError', () => {
    const t = inputs();
    const short = tf.zeros([3]);
    const twoRows = tf.zeros([2, fx.logTheta.length]);
    expect(() => nbSoftmaxLogLik(t.logits, t.x, t.logLib, short)).toThrow(InputError);
    expect(() => nbSoftmaxLogLik(t.logits, twoRows, t.logLib, t.logTheta)).toThrow(InputError);
    tf.dispose([short, twoRows, ...Object.values(t)]);
  });
});
