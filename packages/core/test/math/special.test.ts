import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expm1, log1p, logAddExp, logSigmoid, logSoftmax, logSumExp, softplus } from '../../src/math/special.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';
import { expectClose, loadFixture, num, type FixtureNumber } from '../distributions/helpers.js';

interface Pair {
  x: FixtureNumber[];
  value: FixtureNumber[];
}
interface SpecialFixtures {
  softplus: Pair;
  logSigmoid: Pair;
  sigmoidForGrad: Pair;
  log1p: Pair;
  expm1: Pair;
  logAddExp: { a: FixtureNumber[]; b: FixtureNumber[]; value: FixtureNumber[]; gradA: FixtureNumber[] };
  logSumExp: { x: FixtureNumber[][]; value: FixtureNumber[]; softmax: FixtureNumber[][] };
}

const fx = loadFixture<SpecialFixtures>('special-functions.json');
/** Below float32's smallest normal number (1.2e-38) values are subnormal and carry few digits. */
const SUBNORMAL = 1.2e-38;

function run(f: (t: tf.Tensor) => tf.Tensor, values: number[]): Float32Array {
  return tf.tidy(() => f(tf.tensor1d(values)).dataSync() as Float32Array);
}

function grad(f: (t: tf.Tensor) => tf.Tensor, values: number[]): Float32Array {
  return tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(f(t)))(tf.tensor1d(values)).dataSync() as Float32Array);
}

describe('softplus and logSigmoid', () => {
  const x = fx.softplus.x.map(num);
  it('match numpy logaddexp(0, x) at ±100 and in between (relative 1e-6)', () => {
    expectClose(run(softplus, x), fx.softplus.value.map(num), 1e-6, SUBNORMAL, 'softplus', (i) => `x = ${x[i]}`);
    expectClose(run(logSigmoid, x), fx.logSigmoid.value.map(num), 1e-6, SUBNORMAL, 'logSigmoid', (i) => `x = ${x[i]}`);
  });
  it('have gradients sigmoid(x) and sigmoid(−x), ½ at 0', () => {
    const sig = fx.sigmoidForGrad.value.map(num);
    expectClose(grad(softplus, x), sig, 1e-6, SUBNORMAL, 'softplus gradient', (i) => `x = ${x[i]}`);
    expectClose(grad(logSigmoid, x), sig.map((s) => 1 - s), 1e-6, 1e-7, 'logSigmoid gradient', (i) => `x = ${x[i]}`);
    expect(grad(softplus, [0])[0]).toBe(0.5);
  });
});

describe('log1p and expm1', () => {
  it('log1p matches numpy to 2e-7 relative, also below float32 epsilon (where tf.log1p on wasm returns 0)', () => {
    const x = fx.log1p.x.map(num);
    expectClose(run(log1p, x), fx.log1p.value.map(num), 2e-7, 0, 'log1p', (i) => `x = ${x[i]}`);
  });
  it('log1p has gradient 1/(1 + x)', () => {
    const pts = [-0.9, -1e-8, 0, 1e-8, 3, 1e6];
    expectClose(grad(log1p, pts), pts.map((p) => 1 / (1 + Math.fround(p))), 1e-6, 0, 'log1p gradient');
  });
  it('expm1 matches numpy to 2e-7 relative', () => {
    const x = fx.expm1.x.map(num);
    expectClose(run(expm1, x), fx.expm1.value.map(num), 2e-7, 0, 'expm1', (i) => `x = ${x[i]}`);
  });
  it('expm1 has gradient eˣ', () => {
    const pts = [-30, -1e-8, 0, 0.5, 3];
    expectClose(grad(expm1, pts), pts.map((p) => Math.exp(Math.fround(p))), 1e-6, 0, 'expm1 gradient');
  });
});

describe('logAddExp', () => {
  const { a, b } = fx.logAddExp;
  const av = a.map(num);
  const bv = b.map(num);
  it('matches numpy logaddexp, including −∞ arguments and ties at ±100', () => {
    const got = tf.tidy(() => logAddExp(tf.tensor1d(av), tf.tensor1d(bv)).dataSync());
    expectClose(got, fx.logAddExp.value.map(num), 1e-6, 0, 'logAddExp', (i) => `(${av[i]}, ${bv[i]})`);
  });
  it('has gradients sigmoid(a − b) and sigmoid(b − a), ½ each at ties', () => {
    const [ga, gb] = tf.tidy(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(logAddExp(x, y)))([tf.tensor1d(av), tf.tensor1d(bv)]).map((t) => t.dataSync()));
    const ref = fx.logAddExp.gradA.map(num);
    expectClose(ga, ref, 1e-6, 1e-30, 'd/da', (i) => `(${av[i]}, ${bv[i]})`);
    expectClose(gb, ref.map((r) => 1 - r), 1e-6, 1e-7, 'd/db', (i) => `(${av[i]}, ${bv[i]})`);
    expect(ga[0]).toBe(0.5);
  });
  it('broadcasts and sums gradients back to each input shape', () => {
    const [ga, gb] = tf.tidy(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(logAddExp(x, y)))([tf.tensor2d([[0], [1]]), tf.tensor1d([0, 0, 0])]).map((t) => ({ shape: t.shape, v: Array.from(t.dataSync()) })));
    expect(ga.shape).toEqual([2, 1]);
    expect(gb.shape).toEqual([3]);
    const s1 = 1 / (1 + Math.exp(-1));
    expectClose(ga.v, [1.5, 3 * s1], 1e-6, 0, 'broadcast d/da');
    expectClose(gb.v, [0.5 + (1 - s1), 0.5 + (1 - s1), 0.5 + (1 - s1)], 1e-6, 0, 'broadcast d/db');
  });
});

describe('logSumExp', () => {
  const rows = fx.logSumExp.x.map((r) => r.map(num));
  it('matches scipy logsumexp along the last axis and along axis 0', () => {
    const got = tf.tidy(() => logSumExp(tf.tensor2d(rows)).dataSync());
    expectClose(got, fx.logSumExp.value.map(num), 1e-6, 0, 'logSumExp rows');
    const cols = tf.tidy(() => logSumExp(tf.transpose(tf.tensor2d(rows)), 0).dataSync());
    expectClose(cols, fx.logSumExp.value.map(num), 1e-6, 0, 'logSumExp axis 0');
  });
  it('keeps the reduced axis on request, and is −∞ for a row of −∞', () => {
    const out = tf.tidy(() => {
      const r = logSumExp(tf.tensor2d([[-Infinity, -Infinity], [0, 0]]), -1, true);
      return { shape: r.shape, v: Array.from(r.dataSync()) };
    });
    expect(out.shape).toEqual([2, 1]);
    expect(out.v[0]).toBe(-Infinity);
    expect(out.v[1]).toBeCloseTo(Math.LN2, 6);
  });
  it('has softmax as its gradient', () => {
    const g = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(logSumExp(t)))(tf.tensor2d(rows)).dataSync());
    expectClose(g, fx.logSumExp.softmax.flat().map(num), 1e-6, 1e-30, 'logSumExp gradient');
  });
});

describe('logSoftmax', () => {
  const rows = fx.logSumExp.x.map((r) => r.map(num));
  it('matches scipy softmax (through log), with relative accuracy for a dominant entry', () => {
    const got = tf.tidy(() => tf.exp(logSoftmax(tf.tensor2d(rows))).dataSync());
    expectClose(got, fx.logSumExp.softmax.flat().map(num), 1e-6, 1e-37, 'exp(logSoftmax)');
    // log softmax([30, −30, 0, 5])₀ = −log1p(e⁻⁶⁰ + e⁻³⁰ + e⁻²⁵) = −1.3981520e-11 (mpmath); x − logSumExp(x) gives 0.
    const dominant = tf.tidy(() => logSoftmax(tf.tensor1d([30, -30, 0, 5])).dataSync()[0]);
    expectClose([dominant], [-1.398152009455469e-11], 1e-5, 0, 'dominant entry');
  });
  it('has gradient onehot − softmax for Σ x·onehot-selected entries', () => {
    const g = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(logSoftmax(t), tf.tensor1d([0, 1, 0]))))(tf.tensor1d([1, 2, 3])).dataSync());
    const e = [1, 2, 3].map(Math.exp);
    const z = e.reduce((a, b) => a + b, 0);
    expectClose(g, [-e[0] / z, 1 - e[1] / z, -e[2] / z], 1e-6, 1e-7, 'logSoftmax gradient');
  });
});

describe('special functions', () => {
  it('leave no tensors behind, forward or backward', async () => {
    const x = tf.tensor1d([-3, 0, 2]);
    for (const [name, f] of [['softplus', softplus], ['logSigmoid', logSigmoid], ['log1p', log1p], ['expm1', expm1], ['logSumExp', (t: tf.Tensor) => logSumExp(t)], ['logSoftmax', (t: tf.Tensor) => logSoftmax(t)], ['logAddExp', (t: tf.Tensor) => logAddExp(t, t)]] as const) {
      await expectNoTensorLeak(() => tf.dispose(f(x)), name);
      await expectNoTensorLeak(() => tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(f(t)))(x)), `${name} gradient`);
    }
    x.dispose();
  });
});
