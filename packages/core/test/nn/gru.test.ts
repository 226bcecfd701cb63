import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { Gru, type GruRecurrentActivation } from '../../src/nn/gru.js';
import { ParamStore } from '../../src/nn/params.js';
import '../../src/train/register-gradients.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';

/** Deterministic pseudo-random values in [-scale, scale). */
function values(n: number, seed: number, scale = 1): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return scale * (s / 2 ** 31 - 1);
  });
}

const B = 3;
const T = 6;
const F = 4;
// H = 5 runs the plain-JS multiply, H = 8 the f32x4 WebAssembly one (units a multiple of 4)
let H = 5;
let X: Float64Array, W: Float64Array, U: Float64Array, BIAS: Float64Array, H0: Float64Array, R: Float64Array;
function setUnits(units: number): void {
  H = units;
  X = values(B * T * F, 1);
  W = values(F * 3 * H, 2, 0.8);
  U = values(H * 3 * H, 3, 0.8);
  BIAS = values(3 * H, 4, 0.5);
  H0 = values(B * H, 5, 0.5);
  R = values(B * T * H, 6); // weights of the scalar objective Σ R ⊙ states
}
setUnits(5);

interface Args {
  x: Float64Array;
  w: Float64Array;
  u: Float64Array;
  b: Float64Array;
  h0: Float64Array;
}
const ARG_NAMES = ['x', 'w', 'u', 'b', 'h0'] as const;

/** The GRU in float64 plain JS, written from the equations (independent of the kernel under test). */
function gru64(a: Args, act: GruRecurrentActivation, backwards: boolean): Float64Array {
  const sig = act === 'sigmoid' ? (v: number) => 1 / (1 + Math.exp(-v)) : (v: number) => Math.min(1, Math.max(0, 0.2 * v + 0.5));
  const out = new Float64Array(B * T * H);
  for (let bi = 0; bi < B; bi++) {
    let h = Array.from({ length: H }, (_, k) => a.h0[bi * H + k]);
    for (let s = 0; s < T; s++) {
      const t = backwards ? T - 1 - s : s;
      const pre = (gateIdx: number, j: number, state: number[]) => {
        const col = gateIdx * H + j;
        let v = a.b[col];
        for (let f = 0; f < F; f++) v += a.x[(bi * T + t) * F + f] * a.w[f * 3 * H + col];
        for (let k = 0; k < H; k++) v += state[k] * a.u[k * 3 * H + col];
        return v;
      };
      const z = h.map((_, j) => sig(pre(0, j, h)));
      const r = h.map((_, j) => sig(pre(1, j, h)));
      const rh = h.map((v, k) => r[k] * v);
      const hh = h.map((_, j) => Math.tanh(pre(2, j, rh)));
      h = h.map((v, j) => z[j] * v + (1 - z[j]) * hh[j]);
      h.forEach((v, j) => (out[(bi * T + t) * H + j] = v));
    }
  }
  return out;
}

function objective64(a: Args, act: GruRecurrentActivation, backwards: boolean): number {
  return gru64(a, act, backwards).reduce((acc, v, i) => acc + v * R[i], 0);
}

function finiteDiff(name: keyof Args, act: GruRecurrentActivation, backwards: boolean): Float64Array {
  const a: Args = { x: X.slice(), w: W.slice(), u: U.slice(), b: BIAS.slice(), h0: H0.slice() };
  const target = a[name];
  const eps = 1e-6;
  return Float64Array.from(target, (v, i) => {
    target[i] = v + eps;
    const up = objective64(a, act, backwards);
    target[i] = v - eps;
    const down = objective64(a, act, backwards);
    target[i] = v;
    return (up - down) / (2 * eps);
  });
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, label = ''): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  expect(worst, label).toBeLessThan(tol);
}

/** A Gru whose variables hold W, U, BIAS. */
function makeGru(act: GruRecurrentActivation, backwards: boolean): { gru: Gru; store: ParamStore } {
  const store = new ParamStore('test', 7);
  const gru = new Gru(store, 'gru', F, H, { recurrentActivation: act, goBackwards: backwards });
  gru.kernel.assign(tf.tensor2d(Float32Array.from(W), [F, 3 * H]));
  gru.recurrentKernel.assign(tf.tensor2d(Float32Array.from(U), [H, 3 * H]));
  gru.bias.assign(tf.tensor1d(Float32Array.from(BIAS)));
  return { gru, store };
}

/** tfjs-layers' GRU (it implements reset_after = false only) with the same weights, outputs in input time order. */
function layersGru(x: Tensor, h0: Tensor | undefined, act: GruRecurrentActivation, backwards: boolean): Tensor {
  const layer = tfl.layers.gru({ units: H, returnSequences: true, recurrentActivation: act, goBackwards: backwards, recurrentInitializer: 'glorotUniform' });
  const out = tf.tidy(() => {
    layer.apply(x); // builds the layer (its own weights), replaced next
    layer.setWeights([tf.tensor2d(Float32Array.from(W), [F, 3 * H]), tf.tensor2d(Float32Array.from(U), [H, 3 * H]), tf.tensor1d(Float32Array.from(BIAS))]);
    const y = (h0 ? layer.apply(x, { initialState: [h0] }) : layer.apply(x)) as Tensor;
    return backwards ? tf.reverse(y, 1) : y; // Keras returns a backwards layer's outputs in processing order
  });
  layer.dispose();
  return out;
}

const CASES: [GruRecurrentActivation, boolean][] = [
  ['sigmoid', false],
  ['sigmoid', true],
  ['hardSigmoid', false],
  ['hardSigmoid', true],
];

for (const units of [5, 8]) describe(`Gru (${units} units)`, () => {
  beforeEach(() => setUnits(units));
  for (const [act, backwards] of CASES) {
    const label = `${act}${backwards ? ', goBackwards' : ''}`;

    it(`${label}: states equal tfjs-layers' GRU and a float64 reference (with and without h0)`, async () => {
      const { gru, store } = makeGru(act, backwards);
      await expectNoTensorLeak(() => {
        const x = tf.tensor3d(Float32Array.from(X), [B, T, F]);
        const h0 = tf.tensor2d(Float32Array.from(H0), [B, H]);
        const ours = gru.apply(x, h0);
        expect(ours.shape).toEqual([B, T, H]);
        const ref = layersGru(x, h0, act, backwards);
        expectClose(ours.dataSync(), ref.dataSync(), 1e-5, 'vs tfjs-layers');
        expectClose(ours.dataSync(), gru64({ x: X, w: W, u: U, b: BIAS, h0: H0 }, act, backwards), 1e-5, 'vs float64');
        const noH0 = gru.apply(x);
        const refNoH0 = layersGru(x, undefined, act, backwards);
        expectClose(noH0.dataSync(), refNoH0.dataSync(), 1e-5, 'zero initial state');
        tf.dispose([x, h0, ours, ref, noH0, refNoH0]);
      });
      store.dispose();
    });

    it(`${label}: gradients (x, kernel, recurrent kernel, bias, h0) match finite differences of the float64 reference and tfjs-layers autodiff`, async () => {
      const { gru, store } = makeGru(act, backwards);
      await expectNoTensorLeak(() => {
        const x = tf.tensor3d(Float32Array.from(X), [B, T, F]);
        const h0 = tf.tensor2d(Float32Array.from(H0), [B, H]);
        const r = tf.tensor3d(Float32Array.from(R), [B, T, H]);
        const { grads, value } = tf.variableGrads(() => tf.sum(tf.mul(gru.apply(x, h0), r)), [gru.kernel, gru.recurrentKernel, gru.bias]);
        const [dx, dh0] = tf.grads((xx: Tensor, hh: Tensor) => tf.sum(tf.mul(gru.apply(xx, hh), r)))([x, h0]);
        const mine: Record<keyof Args, Float32Array> = {
          x: dx.dataSync() as Float32Array,
          w: grads[gru.kernel.name].dataSync() as Float32Array,
          u: grads[gru.recurrentKernel.name].dataSync() as Float32Array,
          b: grads[gru.bias.name].dataSync() as Float32Array,
          h0: dh0.dataSync() as Float32Array,
        };
        for (const name of ARG_NAMES) expectClose(mine[name], finiteDiff(name, act, backwards), 2e-5, `d/d${name} vs finite differences`);

        // tfjs-layers autodiff through its op-by-op recurrence, on the same weights
        const layer = tfl.layers.gru({ units: H, returnSequences: true, recurrentActivation: act, goBackwards: backwards, recurrentInitializer: 'glorotUniform' });
        tf.dispose(layer.apply(x) as Tensor); // builds the layer (its own weights), replaced next
        layer.setWeights([gru.kernel, gru.recurrentKernel, gru.bias]);
        const lw = layer.trainableWeights.map((v) => v.read() as tf.Variable);
        const ref = tf.variableGrads(() => {
          const y = layer.apply(x, { initialState: [h0] }) as Tensor;
          return tf.sum(tf.mul(backwards ? tf.reverse(y, 1) : y, r));
        }, lw);
        expectClose(mine.w, ref.grads[lw[0].name].dataSync(), 1e-5, 'dW vs tfjs-layers');
        expectClose(mine.u, ref.grads[lw[1].name].dataSync(), 1e-5, 'dU vs tfjs-layers');
        expectClose(mine.b, ref.grads[lw[2].name].dataSync(), 1e-5, 'db vs tfjs-layers');
        tf.dispose([ref.value, ...Object.values(ref.grads)]);
        layer.dispose();
        tf.dispose([x, h0, r, dx, dh0, value, ...Object.values(grads)]);
      });
      store.dispose();
    });
  }
});

describe('Gru', () => {
  it('inference (no tape) and training (tape) give the same states', async () => {
    const { gru, store } = makeGru('sigmoid', false);
    await expectNoTensorLeak(() => {
      const x = tf.tensor3d(Float32Array.from(X), [B, T, F]);
      const plain = gru.apply(x);
      let taped: Float32Array | undefined;
      const { grads, value } = tf.variableGrads(() => {
        const y = gru.apply(x);
        taped = y.dataSync() as Float32Array;
        return tf.sum(y);
      }, [gru.kernel]);
      expectClose(plain.dataSync(), taped as Float32Array, 1e-7);
      tf.dispose([x, plain, value, ...Object.values(grads)]);
    });
    store.dispose();
  });

  it('names bad shapes', () => {
    const store = new ParamStore('bad', 1);
    const gru = new Gru(store, 'gru', F, H);
    const x2 = tf.zeros([B, F]);
    const xWide = tf.zeros([B, T, F + 1]);
    const x = tf.zeros([B, T, F]);
    const badH0 = tf.zeros([B, H + 1]);
    expect(() => gru.apply(x2)).toThrow(InputError);
    expect(() => gru.apply(xWide)).toThrow(/expected \[batch, time ≥ 1, 4\]/);
    expect(() => gru.apply(x, badH0)).toThrow(/initial state/);
    expect(() => new Gru(store, 'g2', 0, H)).toThrow(InputError);
    tf.dispose([x2, xWide, x, badH0]);
    store.dispose();
  });
});
