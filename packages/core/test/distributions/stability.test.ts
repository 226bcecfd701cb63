import '../../src/train/register-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Bernoulli, Categorical, DiagGaussian, NegativeBinomial, Poisson, ZeroInflatedNegativeBinomial } from '../../src/distributions/index.js';
import type { Distribution } from '../../src/distributions/index.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';

/** Every combination of the given value lists, as columns. */
function grid(lists: number[][]): number[][] {
  return lists.reduce<number[][]>((acc, list) => acc.flatMap((row) => list.map((v) => [...row, v])), [[]]);
}

/** logProb (per element) and its gradients for each parameter; all must be finite. */
function finiteEverywhere(make: (p: tf.Tensor[]) => Distribution, columns: number[][], x: number[]): { lp: Float32Array; grads: Float32Array[] } {
  return tf.tidy(() => {
    const ps = columns.map((c) => tf.tensor1d(c));
    const xt = tf.tensor1d(x);
    const lp = make(ps).elementLogProb(xt).dataSync() as Float32Array;
    const grads = tf.grads((...ts: tf.Tensor[]) => tf.sum(make(ts).elementLogProb(xt)))(ps).map((g) => g.dataSync() as Float32Array);
    return { lp, grads };
  });
}

function expectFinite(values: ArrayLike<number>, label: string, describeIndex: (i: number) => string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`${label} is ${values[i]} at ${describeIndex(i)}`);
  }
}

describe('stability at extreme parameters: finite log-probs (≤ 0) and finite gradients', () => {
  const counts = [0, 1, 7, 5e4, 1e6];
  const thetas = [1e-8, 1e-4, 1, 1e6, 1e9];

  it('NegativeBinomial given log μ ∈ {−100, −30, 0, 10.8, 20}', () => {
    const rows = grid([[-100, -30, 0, 10.8, 20], thetas, counts]);
    const cols = [0, 1, 2].map((j) => rows.map((r) => r[j]));
    const { lp, grads } = finiteEverywhere(([logMu, theta]) => new NegativeBinomial({ logMu, theta }, 0), cols.slice(0, 2), cols[2]);
    const at = (i: number) => `logMu = ${rows[i][0]}, theta = ${rows[i][1]}, x = ${rows[i][2]}`;
    expectFinite(lp, 'log p', at);
    expect(Math.max(...lp)).toBeLessThanOrEqual(1e-6);
    grads.forEach((g, k) => expectFinite(g, `gradient ${k}`, at));
  });

  it('NegativeBinomial given μ ∈ {0, 1e-40, 1e-8, 5e4} (μ = 0 included)', () => {
    const rows = grid([[0, 1e-40, 1e-8, 5e4], thetas, counts]);
    const cols = [0, 1, 2].map((j) => rows.map((r) => r[j]));
    const { lp, grads } = finiteEverywhere(([mu, theta]) => new NegativeBinomial({ mu, theta }, 0), cols.slice(0, 2), cols[2]);
    const at = (i: number) => `mu = ${rows[i][0]}, theta = ${rows[i][1]}, x = ${rows[i][2]}`;
    expectFinite(lp, 'log p', at);
    grads.forEach((g, k) => expectFinite(g, `gradient ${k}`, at));
    // μ = 0 puts (almost) all mass on 0.
    expect(Math.abs(lp[rows.findIndex((r) => r[0] === 0 && r[2] === 0)])).toBeLessThan(1e-30);
  });

  it('ZeroInflatedNegativeBinomial with gate logits ±30 and ±100', () => {
    const rows = grid([[-30, 0, 10.8], [1e-4, 1e6], [-100, -30, 0, 30, 100], counts]);
    const cols = [0, 1, 2, 3].map((j) => rows.map((r) => r[j]));
    const { lp, grads } = finiteEverywhere(([logMu, theta, gateLogits]) => new ZeroInflatedNegativeBinomial({ logMu, theta, gateLogits }, 0), cols.slice(0, 3), cols[3]);
    const at = (i: number) => `logMu = ${rows[i][0]}, theta = ${rows[i][1]}, gate = ${rows[i][2]}, x = ${rows[i][3]}`;
    expectFinite(lp, 'log p', at);
    expect(Math.max(...lp)).toBeLessThanOrEqual(1e-6);
    grads.forEach((g, k) => expectFinite(g, `gradient ${k}`, at));
  });

  it('Poisson with log rates −200 to 80', () => {
    const rows = grid([[-200, -30, 0, 10.8, 80], counts]);
    const { lp, grads } = finiteEverywhere(([logRate]) => new Poisson(logRate, 0), [rows.map((r) => r[0])], rows.map((r) => r[1]));
    const at = (i: number) => `logRate = ${rows[i][0]}, x = ${rows[i][1]}`;
    expectFinite(lp, 'log p', at);
    expect(Math.max(...lp)).toBeLessThanOrEqual(1e-6);
    grads.forEach((g) => expectFinite(g, 'gradient', at));
  });

  it('Bernoulli with logits ±100 and ±1e4', () => {
    const rows = grid([[-1e4, -100, 0, 100, 1e4], [0, 1]]);
    const { lp, grads } = finiteEverywhere(([l]) => new Bernoulli(l, 0), [rows.map((r) => r[0])], rows.map((r) => r[1]));
    expectFinite(lp, 'log p', (i) => `${rows[i]}`);
    grads.forEach((g) => expectFinite(g, 'gradient', (i) => `${rows[i]}`));
    expect(lp[rows.findIndex((r) => r[0] === -1e4 && r[1] === 1)]).toBe(-1e4);
  });

  it('Categorical with logits ±1e4 and a −∞ logit for an unobserved class', () => {
    const out = tf.tidy(() => {
      const logits = tf.tensor2d([[1e4, -1e4, 0], [-Infinity, 0, 3], [0, 0, 0]]);
      const x = tf.tensor1d([1, 2, 0]);
      const lp = new Categorical(logits).logProb(x).dataSync();
      const g = tf.grad((t: tf.Tensor) => tf.sum(new Categorical(t).logProb(x)))(tf.tensor2d([[1e4, -1e4, 0], [-50, 0, 3], [0, 0, 0]])).dataSync();
      return { lp: Array.from(lp), g: Array.from(g) };
    });
    expectFinite(out.lp, 'log p', (i) => `row ${i}`);
    expectFinite(out.g, 'gradient', (i) => `entry ${i}`);
    expect(out.lp[0]).toBe(-2e4);
  });

  it('DiagGaussian with scales 1e-6 and 1e6', () => {
    const rows = grid([[-1e3, 0, 1e3], [1e-6, 1, 1e6], [-1, 0, 1]]);
    const cols = [0, 1, 2].map((j) => rows.map((r) => r[j]));
    const { lp, grads } = finiteEverywhere(([loc, scale]) => new DiagGaussian(loc, scale, 0), cols.slice(0, 2), cols[2]);
    expectFinite(lp, 'log p', (i) => `${rows[i]}`);
    grads.forEach((g) => expectFinite(g, 'gradient', (i) => `${rows[i]}`));
  });
});

describe('no tensor leaks', () => {
  type Case = [string, () => tf.Tensor[], (p: tf.Tensor[]) => Distribution, () => tf.Tensor];
  const cases: Case[] = [
    ['NegativeBinomial { logMu, theta }', () => [tf.zeros([3, 4]), tf.ones([4])], ([logMu, theta]) => new NegativeBinomial({ logMu, theta }), () => tf.ones([3, 4])],
    ['NegativeBinomial { mu, logTheta }', () => [tf.ones([3, 4]), tf.zeros([4])], ([mu, logTheta]) => new NegativeBinomial({ mu, logTheta }), () => tf.ones([3, 4])],
    ['ZINB', () => [tf.zeros([3, 4]), tf.ones([4]), tf.zeros([3, 4])], ([logMu, theta, gateLogits]) => new ZeroInflatedNegativeBinomial({ logMu, theta, gateLogits }), () => tf.zeros([3, 4])],
    ['Poisson', () => [tf.zeros([3, 4])], ([l]) => new Poisson(l), () => tf.ones([3, 4])],
    ['Poisson.fromRate', () => [tf.ones([3, 4])], ([r]) => Poisson.fromRate(r), () => tf.ones([3, 4])],
    ['Bernoulli', () => [tf.zeros([3, 4])], ([l]) => new Bernoulli(l), () => tf.ones([3, 4])],
    ['Categorical', () => [tf.zeros([3, 4, 5])], ([l]) => new Categorical(l, 1), () => tf.ones([3, 4])],
    ['DiagGaussian', () => [tf.zeros([3, 4]), tf.ones([3, 4])], ([loc, scale]) => new DiagGaussian(loc, scale), () => tf.ones([3, 4])],
  ];
  for (const [name, params, make, data] of cases) {
    it(`${name}: logProb, elementLogProb, sample, mean, variance and gradients`, async () => {
      const x = data();
      const ps = params();
      for (const [method, run] of [
        ['logProb', (d: Distribution) => d.logProb(x)],
        ['elementLogProb', (d: Distribution) => d.elementLogProb(x)],
        ['sample (seeded)', (d: Distribution) => d.sample(1)],
        ['sample', (d: Distribution) => d.sample()],
        ['mean', (d: Distribution) => d.mean()],
        ['variance', (d: Distribution) => d.variance()],
      ] as const) {
        // The distribution is built inside the block: constructors must not allocate either
        // (Poisson.fromRate creates its log-rate, so it is checked inside a tidy).
        await expectNoTensorLeak(() => tf.dispose(tf.tidy(() => run(make(ps)))), `${name}.${method}`);
        if (!name.endsWith('fromRate')) await expectNoTensorLeak(() => tf.dispose(run(make(ps))), `${name}.${method} (no tidy)`);
      }
      await expectNoTensorLeak(() => tf.dispose(tf.grads((...ts: tf.Tensor[]) => tf.sum(make(ts).logProb(x)))(ps)), `${name} gradients`);
      tf.dispose([x, ...ps]);
    });
  }
});
