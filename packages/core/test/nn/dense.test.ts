import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { Dense, dense, type DenseActivation } from '../../src/nn/dense.js';
import { ParamStore } from '../../src/nn/params.js';
import '../../src/train/register-gradients.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';

/** Deterministic pseudo-random values in [-1, 1). */
function values(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

const B = 5;
const IN = 7;
const OUT = 4;
const X = values(B * IN, 1);
const W = values(IN * OUT, 2);
const BIAS = values(OUT, 3);
const R = values(B * OUT, 4); // weights of the scalar objective Σ R ⊙ dense(x)

/** The objective in float64 plain JS: Σ_ij R_ij · act(Σ_k X_ik W_kj + b_j). Independent of tfjs. */
function objective64(x: Float64Array, w: Float64Array, b: Float64Array, act: DenseActivation): number {
  let total = 0;
  for (let i = 0; i < B; i++) {
    for (let j = 0; j < OUT; j++) {
      let y = b[j];
      for (let k = 0; k < IN; k++) y += x[i * IN + k] * w[k * OUT + j];
      if (act === 'relu') y = Math.max(0, y);
      total += R[i * OUT + j] * y;
    }
  }
  return total;
}

/** Central finite differences of objective64 with respect to one of its array arguments. */
function finiteDiff(which: 0 | 1 | 2, act: DenseActivation): Float64Array {
  const args = [X, W, BIAS].map((a) => Float64Array.from(a));
  const target = args[which];
  const h = 1e-6;
  return Float64Array.from(target, (v, i) => {
    target[i] = v + h;
    const up = objective64(args[0], args[1], args[2], act);
    target[i] = v - h;
    const down = objective64(args[0], args[1], args[2], act);
    target[i] = v;
    return (up - down) / (2 * h);
  });
}

function tensors(): { x: Tensor; w: Tensor; b: Tensor; r: Tensor } {
  return {
    x: tf.tensor2d(Float32Array.from(X), [B, IN]),
    w: tf.tensor2d(Float32Array.from(W), [IN, OUT]),
    b: tf.tensor1d(Float32Array.from(BIAS)),
    r: tf.tensor2d(Float32Array.from(R), [B, OUT]),
  };
}

function plainDense(x: Tensor, w: Tensor, b: Tensor, act: DenseActivation): Tensor {
  return tf.tidy(() => {
    const y = tf.add(tf.matMul(x, w), b);
    return act === 'relu' ? tf.relu(y) : y;
  });
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]));
    expect(Math.abs(actual[i] - expected[i]) / scale, `element ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThan(tol);
  }
}

describe('dense', () => {
  for (const act of ['linear', 'relu'] as const) {
    it(`${act}: forward equals act(x·W + b)`, async () => {
      await expectNoTensorLeak(() => {
        const { x, w, b, r } = tensors();
        const got = dense(x, w, b, act);
        const want = plainDense(x, w, b, act);
        expectClose(got.dataSync(), want.dataSync(), 1e-6);
        expect(got.shape).toEqual([B, OUT]);
        tf.dispose([x, w, b, r, got, want]);
      });
    });

    it(`${act}: gradients match finite differences of a float64 reference and plain autodiff (1e-5)`, async () => {
      await expectNoTensorLeak(() => {
        const { x, w, b, r } = tensors();
        const f = (fn: (x: Tensor, w: Tensor, b: Tensor, a: DenseActivation) => Tensor) => (xx: Tensor, ww: Tensor, bb: Tensor) => tf.sum(tf.mul(fn(xx, ww, bb, act), r));
        const ours = tf.grads(f(dense))([x, w, b]);
        const auto = tf.grads(f(plainDense))([x, w, b]);
        ([0, 1, 2] as const).forEach((i) => {
          const mine = ours[i].dataSync();
          expectClose(mine, finiteDiff(i, act), 1e-5);
          expectClose(mine, auto[i].dataSync(), 1e-5);
        });
        tf.dispose([x, w, b, r, ...ours, ...auto]);
      });
    });
  }

  it('small batches (dxᵀ = W·gᵀ on wasm) give the autodiff gradients too', async () => {
    await expectNoTensorLeak(() => {
      const { x, w, b, r } = tensors();
      const x2 = tf.slice(x, [0, 0], [2, IN]); // 2·(2·OUT + IN) < 2·IN·OUT: the transposed formulation
      const r2 = tf.slice(r, [0, 0], [2, OUT]);
      const f = (fn: (x: Tensor, w: Tensor, b: Tensor, a: DenseActivation) => Tensor) => (xx: Tensor, ww: Tensor) => tf.sum(tf.mul(fn(xx, ww, b, 'relu'), r2));
      const ours = tf.grads(f(dense))([x2, w]);
      const auto = tf.grads(f(plainDense))([x2, w]);
      ours.forEach((g, i) => expectClose(g.dataSync(), auto[i].dataSync(), 1e-5));
      tf.dispose([x, w, b, r, x2, r2, ...ours, ...auto]);
    });
  });

  it('accepts [B, T, in] input and gives the same values and gradients as the 2-D call', async () => {
    await expectNoTensorLeak(() => {
      const { x, w, b, r } = tensors();
      const x3 = tf.tidy(() => tf.reshape(tf.concat([x, x], 0), [2, B, IN]));
      const y3 = dense(x3, w, b, 'relu');
      expect(y3.shape).toEqual([2, B, OUT]);
      const y2 = dense(x, w, b, 'relu');
      const halves = tf.split(y3, 2, 0);
      expectClose(halves[0].dataSync(), y2.dataSync(), 1e-7);
      const [gw3] = tf.grads((ww: Tensor) => tf.sum(dense(x3, ww, b, 'relu')))([w]);
      const [gw2] = tf.grads((ww: Tensor) => tf.sum(dense(x, ww, b, 'relu')))([w]);
      expectClose(gw3.dataSync(), Array.from(gw2.dataSync(), (v) => 2 * v), 1e-6);
      tf.dispose([x, w, b, r, x3, y3, y2, ...halves, gw3, gw2]);
    });
  });

  it('skips the input gradient when the input is data (one multiply fewer in the backward pass)', async () => {
    const { x, w, b, r } = tensors();
    const v = tf.variable(w);
    const countMatMuls = async (fn: () => void) => (await tf.profile(fn)).kernels.filter((k) => k.name === 'BatchMatMul').length;
    // w only: dW and db multiplies; with x a variable too, dx adds one more
    const onlyW = await countMatMuls(() => tf.dispose(tf.variableGrads(() => tf.sum(dense(x, v, b)), [v]).grads));
    const xv = tf.variable(x);
    const both = await countMatMuls(() => tf.dispose(tf.variableGrads(() => tf.sum(dense(xv, v, b)), [v, xv]).grads));
    expect(both).toBe(onlyW + 1);
    tf.dispose([x, w, b, r, v, xv]);
  });

  it('Dense layer applies its variables, with relu fused', async () => {
    await expectNoTensorLeak(() => {
      const store = new ParamStore('t', 3);
      const layer = new Dense(store, 'layer', IN, OUT);
      const { x, w, b, r } = tensors();
      const got = layer.apply(x, 'relu');
      const want = plainDense(x, layer.kernel, layer.bias, 'relu');
      expectClose(got.dataSync(), want.dataSync(), 1e-6);
      expect(Array.from(got.dataSync()).some((v) => v === 0)).toBe(true); // relu clipped something
      tf.dispose([x, w, b, r, got, want]);
      store.dispose();
    });
  });

  it('rejects an input whose width does not match the kernel', () => {
    const { x, w, b, r } = tensors();
    const wide = tf.zeros([IN + 1, OUT]);
    expect(() => dense(x, wide, b)).toThrow(InputError);
    tf.dispose([x, w, b, r, wide]);
  });
});
