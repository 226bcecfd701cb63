import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, DiagGaussian, priors } from '@vaekit/core';
import { expectNoTensorLeak } from '@vaekit/core/testing';
import { describe, expect, it } from 'vitest';
import '@vaekit/sequential';
import type { LinearTransition, MarkovGaussianPrior } from '@vaekit/sequential';
import { klDiagFull, linearGaussianJoint, logNormal } from '../helpers/gaussian.js';

const D = 2;
const T = 4;
const B = 3;
const A = [
  [0.9, 0.2],
  [-0.3, 0.8],
]; // f(z) = z·A + b, i.e. z_t = Aᵀ z_{t−1} + b + noise
const OFFSET = [0.1, -0.2];
const NOISE = [0.3, 0.5];
const MU0 = [0.5, -1];
const SIGMA0 = [1.2, 0.7];

function makeLinear(): MarkovGaussianPrior {
  const plugin = priors.get('markov-gaussian');
  const prior = plugin.create(plugin.parseConfig({ transition: { kind: 'linear' }, initial: 'learned', steps: T }), { latentDim: D, condDim: 0 }, 1) as MarkovGaussianPrior;
  const lin = prior.transition as LinearTransition;
  tf.tidy(() => {
    lin.matrix.assign(tf.tensor2d(A));
    lin.offset.assign(tf.tensor1d(OFFSET));
    prior.logNoise.assign(tf.log(tf.tensor1d(NOISE)));
    prior.initLoc!.assign(tf.tensor1d(MU0));
    prior.initLogScale!.assign(tf.log(tf.tensor1d(SIGMA0)));
  });
  return prior;
}

function jointPrior(): { mean: number[]; cov: number[][] } {
  return linearGaussianJoint({ A, offset: OFFSET, noise: NOISE, mu0: MU0, sigma0: SIGMA0, steps: T });
}

function posterior(): { loc: number[]; scale: number[] } {
  const loc = Array.from({ length: B * T * D }, (_, i) => Math.sin(1.7 * i) * 1.5);
  const scale = Array.from({ length: B * T * D }, (_, i) => 0.2 + 0.6 * Math.abs(Math.cos(0.9 * i)));
  return { loc, scale };
}

describe('markov-gaussian prior', () => {
  it('linear transition: the KL is analytic and equals the KL against the joint Gaussian of the whole trajectory', async () => {
    const prior = makeLinear();
    const { mean, cov } = jointPrior();
    const { loc, scale } = posterior();
    expect(prior.analyticKL).toBe(true);
    await expectNoTensorLeak(() => {
      const kl = tf.tidy(() => {
        const q = new DiagGaussian(tf.tensor3d(loc, [B, T, D]), tf.tensor3d(scale, [B, T, D]));
        const out = prior.klPerDim(q, q.sample(3));
        expect(out.shape).toEqual([B, T, D]);
        return tf.sum(out, [1, 2]).dataSync();
      });
      for (let b = 0; b < B; b++) {
        const want = klDiagFull(loc.slice(b * T * D, (b + 1) * T * D), scale.slice(b * T * D, (b + 1) * T * D), mean, cov);
        expect(Math.abs(kl[b] - want), `trial ${b}: ${kl[b]} vs ${want}`).toBeLessThan(1e-4 * Math.max(1, want));
      }
    });
    prior.dispose();
  });

  it('logProb of a trajectory equals the joint Gaussian log-density; samples have its mean and variance', () => {
    const prior = makeLinear();
    const { mean, cov } = jointPrior();
    const z = Array.from({ length: 2 * T * D }, (_, i) => Math.cos(0.7 * i));
    tf.tidy(() => {
      const lp = prior.logProb(tf.tensor3d(z, [2, T, D]));
      expect(lp.shape).toEqual([2, T]);
      const perTrial = tf.sum(lp, 1).dataSync();
      for (let b = 0; b < 2; b++) {
        const want = logNormal(z.slice(b * T * D, (b + 1) * T * D), mean, cov);
        expect(Math.abs(perTrial[b] - want)).toBeLessThan(1e-4 * Math.abs(want));
      }
      const n = 8000;
      const s = prior.sample(n, undefined, 5);
      expect(s.shape).toEqual([n, T, D]);
      const { mean: m, variance: v } = tf.moments(s, 0);
      const md = m.dataSync();
      const vd = v.dataSync();
      for (let i = 0; i < T * D; i++) {
        const sd = Math.sqrt(cov[i][i]);
        expect(Math.abs(md[i] - mean[i]), `mean ${i}`).toBeLessThan(5 * sd / Math.sqrt(n));
        expect(Math.abs(vd[i] / cov[i][i] - 1), `variance ${i}`).toBeLessThan(0.08);
      }
    });
    prior.dispose();
  });

  it('mlp transition: the per-step conditional KL is an unbiased estimate of E_q[log q − log p]', () => {
    const plugin = priors.get('markov-gaussian');
    const prior = plugin.create(plugin.parseConfig({ transition: { kind: 'mlp', config: { hidden: [8], activation: 'tanh' } }, noise: 0.4 }), { latentDim: D, condDim: 0 }, 3) as MarkovGaussianPrior;
    expect(prior.analyticKL).toBe(false);
    tf.tidy(() => {
      // make the transition clearly non-linear and non-trivial
      for (const v of Object.values(prior.variables())) if (v.name.includes('layer1/kernel')) v.assign(tf.mul(tf.randomNormal(v.shape, 0, 1, 'float32', 9), 0.8));
      const n = 6000;
      const { loc, scale } = posterior();
      const q0 = new DiagGaussian(tf.tensor3d(loc.slice(0, T * D), [1, T, D]), tf.tensor3d(scale.slice(0, T * D), [1, T, D]));
      const q = new DiagGaussian(tf.tile(q0.loc, [n, 1, 1]), tf.tile(q0.scale, [n, 1, 1]));
      const z = q.sample(11);
      const kl = tf.sum(prior.klPerDim(q, z), [1, 2]);
      const mc = tf.sub(tf.sum(q.logProb(z), 1), tf.sum(prior.logProb(z), 1));
      const a = tf.mean(kl).dataSync()[0];
      const b = tf.mean(mc).dataSync()[0];
      const se = Math.sqrt(tf.moments(mc).variance.dataSync()[0] / n);
      expect(Math.abs(a - b)).toBeLessThan(4 * se);
      // and the conditional-KL estimator has the lower variance
      expect(tf.moments(kl).variance.dataSync()[0]).toBeLessThan(tf.moments(mc).variance.dataSync()[0]);
    });
    prior.dispose();
  });

  it('rollout without noise follows f; with noise it is seeded', () => {
    const prior = makeLinear();
    tf.tidy(() => {
      const z0 = tf.tensor2d([[1, 2]]);
      const path = prior.rollout(z0, 3, { noise: false }).dataSync();
      let z = [1, 2];
      for (let s = 0; s < 3; s++) {
        z = [0, 1].map((d) => z[0] * A[0][d] + z[1] * A[1][d] + OFFSET[d]);
        z.forEach((v, d) => expect(Math.abs(path[s * D + d] - v)).toBeLessThan(1e-5));
      }
      expect(Array.from(prior.rollout(z0, 3, { seed: 4 }).dataSync())).toEqual(Array.from(prior.rollout(z0, 3, { seed: 4 }).dataSync()));
    });
    prior.dispose();
  });

  it('names bad configs and unknown transitions', () => {
    const plugin = priors.get('markov-gaussian');
    expect(() => plugin.parseConfig({ transition: { kind: 'spline' } })).toThrow(/Unknown transition kind "spline".*linear, mlp/);
    expect(() => plugin.parseConfig({ noise: -1 })).toThrow(ConfigError);
    expect(() => plugin.parseConfig({ initial: 'zero' })).toThrow(/initial must be "standard" or "learned"/);
    expect(() => plugin.parseConfig({ transition: { kind: 'mlp', config: { hidden: [0] } } })).toThrow(/hidden must be an array of positive integers/);
  });
});
