import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';
import { TrainerAdam } from '../../src/train/adam.js';
import { clipByGlobalNorm, globalNorm } from '../../src/train/gradients.js';

describe('globalNorm / clipByGlobalNorm', () => {
  const values = [
    [3, -4, 12],
    [0.5, -0.25],
    [[1, 2], [-2, 1]],
  ];
  // √(9 + 16 + 144 + 0.25 + 0.0625 + 10), computed by hand
  const expected = Math.sqrt(179.3125);

  it('computes √Σg² over all gradients', async () => {
    await expectNoTensorLeak(() => {
      const grads = values.map((v) => tf.tensor(v));
      const n = globalNorm(grads);
      expect(n.dataSync()[0]).toBeCloseTo(expected, 5);
      tf.dispose([...grads, n]);
    });
  });

  it('scales to the max norm keeping the direction, and leaves small gradients alone', async () => {
    await expectNoTensorLeak(() => {
      const grads = values.map((v) => tf.tensor(v));
      const clipped = clipByGlobalNorm(grads, 2);
      const n = globalNorm(clipped);
      expect(n.dataSync()[0]).toBeCloseTo(2, 5);
      clipped.forEach((c, i) => {
        const orig = grads[i].dataSync();
        c.dataSync().forEach((v, j) => expect(v).toBeCloseTo((orig[j] * 2) / expected, 6));
      });
      const loose = clipByGlobalNorm(grads, 100);
      loose.forEach((c, i) => expect(Array.from(c.dataSync())).toEqual(Array.from(grads[i].dataSync())));
      tf.dispose([...grads, ...clipped, ...loose, n]);
    });
    expect(() => clipByGlobalNorm([], 0)).toThrow(RangeError);
  });
});

describe('TrainerAdam', () => {
  // PyTorch's AdamW step, written out: w ← w(1 − lr·λ); m, v moments; w ← w − lr·m̂/(√v̂ + ε)
  function adamwReference(w: number[], grads: number[][], lr: number, wd: number, b1 = 0.9, b2 = 0.999, eps = 1e-7): number[] {
    const m = w.map(() => 0);
    const v = w.map(() => 0);
    const out = [...w];
    grads.forEach((g, t) => {
      for (let j = 0; j < out.length; j++) {
        out[j] *= 1 - lr * wd;
        m[j] = b1 * m[j] + (1 - b1) * g[j];
        v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
        const mh = m[j] / (1 - b1 ** (t + 1));
        const vh = v[j] / (1 - b2 ** (t + 1));
        out[j] -= (lr * mh) / (Math.sqrt(vh) + eps);
      }
    });
    return out;
  }

  it('applies decoupled weight decay (AdamW) and Adam updates as PyTorch defines them', async () => {
    const w0 = [1, -2, 0.5];
    const grads = [
      [0.1, -0.3, 0],
      [0.2, 0.1, -0.05],
      [0, 0, 0],
    ];
    const v = tf.variable(tf.tensor1d(w0));
    await expectNoTensorLeak(() => {
      const opt = new TrainerAdam([['w', v]], { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.5 });
      for (const g of grads) {
        const t = tf.tensor1d(g);
        opt.apply([t]);
        t.dispose();
      }
      const ref = adamwReference(w0, grads, 0.01, 0.5);
      Array.from(v.dataSync()).forEach((x, j) => expect(x).toBeCloseTo(ref[j], 6));
      opt.dispose();
    });
    v.dispose();
  });

  it('snapshots under stable names and restores so the next steps are bit-identical', async () => {
    const a = tf.variable(tf.tensor1d([1, -2, 0.5]));
    const b = tf.variable(tf.tensor1d([1, -2, 0.5]));
    const steps = Array.from({ length: 8 }, (_, t) => tf.tensor1d([Math.sin(t), Math.cos(3 * t), 0.1 * t]));
    await expectNoTensorLeak(async () => {
      const optA = new TrainerAdam([['w', a]], { learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: undefined, weightDecay: 0 });
      for (const g of steps.slice(0, 5)) optA.apply([g]);
      const snap = await optA.snapshot();
      expect(Object.keys(snap.tensors).sort()).toEqual(['optimizer/w/m', 'optimizer/w/v']);
      expect(snap.json.iterations).toBe(5);
      // a second optimizer over a variable with a.value, restored from the snapshot (through JSON)
      b.assign(a);
      const optB = new TrainerAdam([['w', b]], { learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: undefined, weightDecay: 0 });
      const copies = { 'optimizer/w/m': tf.clone(snap.tensors['optimizer/w/m']), 'optimizer/w/v': tf.clone(snap.tensors['optimizer/w/v']) };
      await optB.restore(JSON.parse(JSON.stringify(snap.json)), copies, 'test');
      tf.dispose(Object.values(copies));
      for (const g of steps.slice(5)) {
        optA.apply([g]);
        optB.apply([g]);
      }
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      optA.dispose();
      optB.dispose();
    });
    tf.dispose([a, b, ...steps]);
  });
});
