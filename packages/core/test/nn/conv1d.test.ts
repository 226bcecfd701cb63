import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '../../src/errors.js';
import { Conv1d, type Conv1dOptions } from '../../src/nn/conv1d.js';
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

interface Case {
  name: string;
  t: number;
  k: number;
  options: Conv1dOptions;
  /** Expected output length (TensorFlow's rules, written out by hand). */
  out: number;
}

const CASES: Case[] = [
  { name: "'same', odd kernel", t: 9, k: 3, options: { padding: 'same' }, out: 9 },
  { name: "'same', even kernel (odd pad at the end)", t: 8, k: 4, options: { padding: 'same' }, out: 8 },
  { name: "'valid'", t: 9, k: 3, options: { padding: 'valid' }, out: 7 },
  { name: "'same', stride 2", t: 9, k: 3, options: { padding: 'same', stride: 2 }, out: 5 },
  { name: "'valid', stride 3", t: 10, k: 2, options: { padding: 'valid', stride: 3 }, out: 3 },
  { name: "'same', dilation 2", t: 9, k: 3, options: { padding: 'same', dilation: 2 }, out: 9 },
  { name: "'valid', dilation 3", t: 11, k: 2, options: { padding: 'valid', dilation: 3 }, out: 8 },
];

const B = 2;
const CIN = 3;
const COUT = 4;

/**
 * Plain float64 convolution: y[b, o, f] = bias[f] + Σ_j Σ_c x[b, o·s + j·d − left, c] · W[j, c, f],
 * with x zero outside [0, T). `left` from TensorFlow's 'same' rule: total = max((out−1)·s + span − T, 0), left = ⌊total/2⌋.
 */
function reference(x: Float64Array, w: Float64Array, bias: Float64Array, c: Case): Float64Array {
  const s = c.options.stride ?? 1;
  const d = c.options.dilation ?? 1;
  const span = (c.k - 1) * d + 1;
  const left = c.options.padding === 'same' ? Math.floor(Math.max((c.out - 1) * s + span - c.t, 0) / 2) : 0;
  const y = new Float64Array(B * c.out * COUT);
  for (let b = 0; b < B; b++) {
    for (let o = 0; o < c.out; o++) {
      for (let f = 0; f < COUT; f++) {
        let v = bias[f];
        for (let j = 0; j < c.k; j++) {
          const t = o * s + j * d - left;
          if (t < 0 || t >= c.t) continue;
          for (let ch = 0; ch < CIN; ch++) v += x[(b * c.t + t) * CIN + ch] * w[(j * CIN + ch) * COUT + f];
        }
        y[(b * c.out + o) * COUT + f] = v;
      }
    }
  }
  return y;
}

function setup(c: Case) {
  const store = new ParamStore('test', 1);
  const conv = new Conv1d(store, 'conv', CIN, COUT, c.k, c.options);
  const x = values(B * c.t * CIN, 3);
  const w = values(c.k * CIN * COUT, 4);
  const bias = values(COUT, 5);
  conv.kernel.assign(tf.tensor3d(Float32Array.from(w), [c.k, CIN, COUT]));
  conv.bias.assign(tf.tensor1d(Float32Array.from(bias)));
  return { store, conv, x, w, bias };
}

describe('Conv1d', () => {
  for (const c of CASES) {
    it(`${c.name}: forward equals a plain float64 convolution, without leaks`, async () => {
      const { store, conv, x, w, bias } = setup(c);
      try {
        expect(conv.outputLength(c.t)).toBe(c.out);
        const want = reference(x, w, bias, c);
        const got = await expectNoTensorLeak(() => {
          const xt = tf.tensor3d(Float32Array.from(x), [B, c.t, CIN]);
          const y = conv.apply(xt);
          const out = { shape: y.shape, data: Array.from(y.dataSync()) };
          tf.dispose([xt, y]);
          return out;
        });
        expect(got.shape).toEqual([B, c.out, COUT]);
        const err = Math.max(...got.data.map((v, i) => Math.abs(v - want[i])));
        expect(err).toBeLessThan(1e-5);
      } finally {
        store.dispose();
      }
    });

    it(`${c.name}: gradients with respect to input, kernel and bias match finite differences`, () => {
      const { store, conv, x, w, bias } = setup(c);
      const r = values(B * c.out * COUT, 6); // objective Σ r ⊙ conv(x)
      const objective = (xs: Float64Array, ws: Float64Array, bs: Float64Array) => reference(xs, ws, bs, c).reduce((acc, v, i) => acc + v * r[i], 0);
      const fd = (which: 0 | 1 | 2) => {
        const args = [x, w, bias].map((a) => Float64Array.from(a));
        const h = 1e-6;
        return Array.from(args[which], (v, i) => {
          args[which][i] = v + h;
          const up = objective(args[0], args[1], args[2]);
          args[which][i] = v - h;
          const down = objective(args[0], args[1], args[2]);
          args[which][i] = v;
          return (up - down) / (2 * h);
        });
      };
      try {
        const xt = tf.tensor3d(Float32Array.from(x), [B, c.t, CIN]);
        const rt = tf.tensor3d(Float32Array.from(r), [B, c.out, COUT]);
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(conv.apply(xt), rt)) as tf.Scalar, [conv.kernel, conv.bias]);
        const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(conv.apply(v), rt)))(xt);
        const close = (got: tf.Tensor, want: number[]) => {
          const g = Array.from(got.dataSync());
          expect(g.length).toBe(want.length);
          expect(Math.max(...g.map((v, i) => Math.abs(v - want[i])))).toBeLessThan(1e-3);
        };
        close(dx, fd(0));
        close(grads[conv.kernel.name], fd(1));
        close(grads[conv.bias.name], fd(2));
        tf.dispose([xt, rt, value, dx, ...Object.values(grads)]);
      } finally {
        store.dispose();
      }
    });
  }

  it('rejects bad configurations with a ConfigError and bad inputs with an InputError', () => {
    const store = new ParamStore('test', 1);
    try {
      expect(() => new Conv1d(store, 'a', 3, 4, 3, { stride: 2, dilation: 2 })).toThrow(ConfigError);
      expect(() => new Conv1d(store, 'b', 3, 4, 0)).toThrow(/kernelSize must be a positive integer/);
      expect(() => new Conv1d(store, 'c', 3, 4, 3, { padding: 'causal' as 'same' })).toThrow(/padding must be "same" or "valid"/);
      const conv = new Conv1d(store, 'd', 3, 4, 5, { padding: 'valid' });
      const wrongChannels = tf.zeros([1, 8, 2]);
      const tooShort = tf.zeros([1, 4, 3]);
      expect(() => conv.apply(wrongChannels)).toThrow(InputError);
      expect(() => conv.apply(tooShort)).toThrow(/fewer than the kernel spans/);
      tf.dispose([wrongChannels, tooShort]);
    } finally {
      store.dispose();
    }
  });
});
