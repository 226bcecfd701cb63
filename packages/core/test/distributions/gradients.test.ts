import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Bernoulli, Categorical, DiagGaussian, NegativeBinomial, Poisson, ZeroInflatedNegativeBinomial } from '../../src/distributions/index.js';
import type { Distribution } from '../../src/distributions/index.js';
import { Rng } from '../../src/math/rng.js';
import { sampleNegativeBinomial } from '../../src/math/samplers.js';
import {
  bernoulliLogPmf64,
  centralDiff,
  expectClose,
  flatten,
  loadFixture,
  nbLogPmf64,
  normalLogPdf64,
  num,
  poissonLogPmf64,
  zinbLogPmf64,
  type DistributionFixtures,
  type FixtureNumber,
} from './helpers.js';

/**
 * Gradients of logProb with respect to every parameter, against (1) derivatives of the 50-digit
 * mpmath log-probabilities in the fixture list and (2) central finite differences of plain-JS
 * float64 log-pmfs. Tolerance: 1e-3 relative plus 1e-6 × the size of the terms the float32 gradient
 * is a difference of (its condition number: e.g. x − λ for a Poisson, whose float32 rounding alone
 * is ~6e-8·(x + λ)).
 */
const fx = loadFixture<DistributionFixtures>('distributions.json');
const RTOL = 1e-3;
const COND = 1e-6;

type Make = (p: Record<string, tf.Tensor>) => Distribution;

/** Gradients of Σ elementLogProb(x) with respect to each named parameter (per-element parameter tensors). */
function gradients(make: Make, params: Record<string, number[] | number[][]>, wrt: string[], x: number[] | number[][]): Record<string, Float32Array> {
  return tf.tidy(() => {
    const fixed = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, tf.tensor(v)]));
    const xt = tf.tensor(x);
    const gs = tf.grads((...ts: tf.Tensor[]) => tf.sum(make({ ...fixed, ...Object.fromEntries(wrt.map((k, i) => [k, ts[i]])) }).elementLogProb(xt)))(wrt.map((k) => fixed[k]));
    return Object.fromEntries(wrt.map((k, i) => [k, gs[i].dataSync() as Float32Array]));
  });
}

/** Compares a gradient with its reference at tolerance RTOL·|ref| + COND·scale[i]. */
function expectGrad(got: ArrayLike<number>, ref: number[], scale: number[], label: string, where: (i: number) => string): void {
  const norm = (v: ArrayLike<number>) => Array.from(v, (g, i) => g / scale[i]);
  // |g − r| ≤ RTOL·|r| + COND·s  ⇔  |g/s − r/s| ≤ RTOL·|r/s| + COND
  expectClose(norm(got), norm(ref), RTOL, COND, label, where);
}

const nbThetaScale = (x: number, mu: number, theta: number) =>
  1 + Math.abs(Math.log((x + theta) / (theta + mu))) + Math.abs(x - mu) / (theta + mu) + x / (theta * (x + theta)) + 1 / theta;
const nbMuScale = (x: number, mu: number, theta: number) => 1 + (theta * (x + mu)) / (theta + mu);

describe('gradients against mpmath (fixture list)', () => {
  it('DiagGaussian: d/d loc and d/d scale', () => {
    const f = flatten(fx.normal);
    const g = gradients((p) => new DiagGaussian(p.loc, p.scale, 0), f.params, ['loc', 'scale'], f.x);
    const { loc, scale } = f.params;
    const z = (i: number) => Math.abs(f.x[i] - loc[i]) / scale[i];
    expectGrad(g.loc, f.grad.loc, f.x.map((_, i) => (1 + z(i)) / scale[i]), 'd/d loc', f.where);
    expectGrad(g.scale, f.grad.scale, f.x.map((_, i) => (1 + z(i) * z(i)) / scale[i]), 'd/d scale', f.where);
  });

  it('Bernoulli: d/d logits, also at ±30 and ±100', () => {
    const f = flatten(fx.bernoulli);
    const g = gradients((p) => new Bernoulli(p.logits, 0), f.params, ['logits'], f.x);
    expectGrad(g.logits, f.grad.logits, f.x.map(() => 1), 'd/d logits', f.where);
  });

  it('Categorical: d/d logits (1[k = x] − softmax_k)', () => {
    for (const c of fx.categorical) {
      const logits = c.params.logits as number[];
      const g = gradients((p) => new Categorical(p.logits), { logits: c.x.map(() => logits) }, ['logits'], c.x);
      const ref = (c.grad.logits as FixtureNumber[][]).flat().map(num);
      expectGrad(g.logits, ref, ref.map(() => 1), `categorical ${c.name}`, (i) => `x = ${c.x[Math.floor(i / 4)]}, class ${i % 4}`);
    }
  });

  it('Poisson: d/d log rate, for rates up to 5e4', () => {
    const f = flatten(fx.poisson);
    const g = gradients((p) => new Poisson(p.logRate, 0), f.params, ['logRate'], f.x);
    expectGrad(g.logRate, f.grad.logRate, f.x.map((x, i) => 1 + x + Math.exp(f.params.logRate[i])), 'd/d logRate', f.where);
  });

  describe('NegativeBinomial', () => {
    const f = flatten(fx.negativeBinomial);
    const mu = f.params.logMu.map(Math.exp);
    it('d/d log μ and d/d θ over θ ∈ [1e-4, 1e6], μ ∈ [e⁻³⁰, 5e4], counts up to 5e4', () => {
      const g = gradients((p) => new NegativeBinomial({ logMu: p.logMu, theta: p.theta }, 0), f.params, ['logMu', 'theta'], f.x);
      expectGrad(g.logMu, f.grad.logMu, f.x.map((x, i) => nbMuScale(x, mu[i], f.params.theta[i])), 'd/d logMu', f.where);
      expectGrad(g.theta, f.grad.theta, f.x.map((x, i) => nbThetaScale(x, mu[i], f.params.theta[i])), 'd/d theta', f.where);
    });
    it('d/d μ (the { mu } parameterisation) is d/d log μ divided by μ', () => {
      const g = gradients((p) => new NegativeBinomial({ mu: p.mu, theta: p.theta }, 0), f.params, ['mu'], f.x);
      const muF = f.params.mu;
      expectGrad(Array.from(g.mu, (v, i) => v * muF[i]), f.grad.logMu, f.x.map((x, i) => nbMuScale(x, mu[i], f.params.theta[i])), 'μ · d/d mu', f.where);
    });
  });

  it('ZeroInflatedNegativeBinomial: d/d log μ, d/d θ and d/d gate logits, gate logits ±30', () => {
    const f = flatten(fx.zinb);
    const mu = f.params.logMu.map(Math.exp);
    const g = gradients((p) => new ZeroInflatedNegativeBinomial({ logMu: p.logMu, theta: p.theta, gateLogits: p.gateLogits }, 0), f.params, ['logMu', 'theta', 'gateLogits'], f.x);
    expectGrad(g.logMu, f.grad.logMu, f.x.map((x, i) => nbMuScale(x, mu[i], f.params.theta[i])), 'd/d logMu', f.where);
    expectGrad(g.theta, f.grad.theta, f.x.map((x, i) => nbThetaScale(x, mu[i], f.params.theta[i])), 'd/d theta', f.where);
    expectGrad(g.gateLogits, f.grad.gateLogits, f.x.map(() => 1), 'd/d gateLogits', f.where);
  });
});

describe('gradients against central finite differences of float64 references', () => {
  // Random moderate parameter sets, as a model would produce them, with counts drawn from the model.
  const rng = new Rng(20240611);
  const n = 200;
  const logMu = Array.from({ length: n }, () => Math.fround(-3 + 9 * rng.uniform()));
  const theta = Array.from({ length: n }, () => Math.fround(Math.exp(-2 + 8 * rng.uniform())));
  const gate = Array.from({ length: n }, () => Math.fround(-4 + 8 * rng.uniform()));
  const counts = logMu.map((l, i) => (i % 5 === 0 ? 0 : sampleNegativeBinomial(rng, Math.exp(l), theta[i])));
  const where = (i: number) => `logMu = ${logMu[i]}, theta = ${theta[i]}, gate = ${gate[i]}, x = ${counts[i]}`;

  it('NegativeBinomial', () => {
    const g = gradients((p) => new NegativeBinomial({ logMu: p.logMu, theta: p.theta }, 0), { logMu, theta }, ['logMu', 'theta'], counts);
    const fdMu = counts.map((x, i) => centralDiff((l) => nbLogPmf64(x, l, theta[i]), logMu[i], 1e-6));
    const fdTheta = counts.map((x, i) => centralDiff((t) => nbLogPmf64(x, logMu[i], t), theta[i], 1e-6 * theta[i]));
    expectGrad(g.logMu, fdMu, counts.map((x, i) => nbMuScale(x, Math.exp(logMu[i]), theta[i])), 'd/d logMu vs FD', where);
    expectGrad(g.theta, fdTheta, counts.map((x, i) => nbThetaScale(x, Math.exp(logMu[i]), theta[i])), 'd/d theta vs FD', where);
  });

  it('ZeroInflatedNegativeBinomial', () => {
    const g = gradients((p) => new ZeroInflatedNegativeBinomial({ logMu: p.logMu, theta: p.theta, gateLogits: p.gateLogits }, 0), { logMu, theta, gateLogits: gate }, ['logMu', 'theta', 'gateLogits'], counts);
    const fd = (k: 0 | 1 | 2) =>
      counts.map((x, i) => {
        const args = [logMu[i], theta[i], gate[i]];
        const h = k === 1 ? 1e-6 * theta[i] : 1e-6;
        return centralDiff((v) => zinbLogPmf64(x, ...(args.map((a, j) => (j === k ? v : a)) as [number, number, number])), args[k], h);
      });
    expectGrad(g.logMu, fd(0), counts.map((x, i) => nbMuScale(x, Math.exp(logMu[i]), theta[i])), 'd/d logMu vs FD', where);
    expectGrad(g.theta, fd(1), counts.map((x, i) => nbThetaScale(x, Math.exp(logMu[i]), theta[i])), 'd/d theta vs FD', where);
    expectGrad(g.gateLogits, fd(2), counts.map(() => 1), 'd/d gateLogits vs FD', where);
  });

  it('Poisson', () => {
    const g = gradients((p) => new Poisson(p.logRate, 0), { logRate: logMu }, ['logRate'], counts);
    const fd = counts.map((x, i) => centralDiff((l) => poissonLogPmf64(x, l), logMu[i], 1e-6));
    expectGrad(g.logRate, fd, counts.map((x, i) => 1 + x + Math.exp(logMu[i])), 'd/d logRate vs FD', where);
  });

  it('Bernoulli and DiagGaussian', () => {
    const x01 = gate.map((_, i) => i % 2);
    const gb = gradients((p) => new Bernoulli(p.logits, 0), { logits: gate }, ['logits'], x01);
    expectGrad(gb.logits, x01.map((x, i) => centralDiff((l) => bernoulliLogPmf64(x, l), gate[i], 1e-6)), x01.map(() => 1), 'Bernoulli d/d logits vs FD', where);
    const scale = theta.map((t) => Math.fround(Math.sqrt(t)));
    const gg = gradients((p) => new DiagGaussian(p.loc, p.scale, 0), { loc: logMu, scale }, ['loc', 'scale'], gate);
    const fdLoc = gate.map((x, i) => centralDiff((m) => normalLogPdf64(x, m, scale[i]), logMu[i], 1e-6));
    const fdScale = gate.map((x, i) => centralDiff((s) => normalLogPdf64(x, logMu[i], s), scale[i], 1e-6 * scale[i]));
    const z = (i: number) => Math.abs(gate[i] - logMu[i]) / scale[i];
    expectGrad(gg.loc, fdLoc, gate.map((_, i) => (1 + z(i)) / scale[i]), 'Gaussian d/d loc vs FD', where);
    expectGrad(gg.scale, fdScale, gate.map((_, i) => (1 + z(i) * z(i)) / scale[i]), 'Gaussian d/d scale vs FD', where);
  });

  it('Categorical', () => {
    const logits = Array.from({ length: 50 }, () => Array.from({ length: 6 }, () => Math.fround(-5 + 10 * rng.uniform())));
    const x = logits.map((_, i) => i % 6);
    const g = gradients((p) => new Categorical(p.logits), { logits }, ['logits'], x);
    const lp = (row: number[], k: number) => row[k] - Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
    const fd = logits.flatMap((row, i) => row.map((_, k) => centralDiff((v) => lp(row.map((u, j) => (j === k ? v : u)), x[i]), row[k], 1e-6)));
    expectGrad(g.logits, fd, fd.map(() => 1), 'Categorical d/d logits vs FD', (i) => `row ${Math.floor(i / 6)}, class ${i % 6}`);
  });

  it('are reduced to the parameter shape when θ [G] broadcasts against μ [B, G]', () => {
    const out = tf.tidy(() => {
      const lm = tf.tensor2d([[0.5, 1], [2, -1]]);
      const th = tf.tensor1d([0.7, 3]);
      const x = tf.tensor2d([[1, 0], [4, 2]]);
      const [gTheta] = tf.grads((t: tf.Tensor) => tf.sum(new NegativeBinomial({ logMu: lm, theta: t }).logProb(x)))([th]);
      return { shape: gTheta.shape, v: Array.from(gTheta.dataSync()) };
    });
    expect(out.shape).toEqual([2]);
    const ref = [0, 1].map((g) => [0, 1].reduce((s, b) => s + centralDiff((t) => nbLogPmf64([[1, 0], [4, 2]][b][g], [[0.5, 1], [2, -1]][b][g], t), Math.fround([0.7, 3][g]), 1e-6), 0));
    expectClose(out.v, ref, 1e-4, 1e-6, 'summed d/d theta');
  });
});
