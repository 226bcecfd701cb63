import '../../src/train/register-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Bernoulli, Categorical, DiagGaussian, NegativeBinomial, Poisson, ZeroInflatedNegativeBinomial } from '../../src/distributions/index.js';
import type { Distribution } from '../../src/distributions/index.js';
import { expectMoments } from './helpers.js';

/**
 * Samples against the distributions' own mean() and variance() (which log-prob.test.ts checks
 * against scipy): N replicate rows of P parameter settings, per-column sample moments within 5
 * standard errors (CLT), seeded so that the test is deterministic.
 */
const N = 20_000;

/** Samples [N, P] from `make(rows)` and checks each column's moments against the first row of mean()/variance(). */
function checkColumns(make: () => Distribution, label: string, seed = 5): void {
  const { s, mean, variance, shape } = tf.tidy(() => {
    const d = make();
    const sample = d.sample(seed);
    return { s: sample.dataSync(), mean: d.mean().dataSync(), variance: d.variance().dataSync(), shape: sample.shape };
  });
  expect(shape[0]).toBe(N);
  const p = s.length / N;
  for (let j = 0; j < p; j++) {
    const col = Float64Array.from({ length: N }, (_, i) => s[i * p + j]);
    expectMoments(col, mean[j], variance[j], `${label}, column ${j}`);
  }
}

/** A [1, P] row broadcast to [N, P]. Call inside a tidy. */
const rows = (values: number[]) => tf.broadcastTo(tf.tensor2d([values]), [N, values.length]);

describe('sample moments match mean() and variance()', () => {
  it('Poisson, rates 0.01 to 5e4', () => {
    checkColumns(() => new Poisson(tf.log(rows([0.01, 0.7, 3.5, 9.9, 10.1, 42, 1e4, 5e4]))), 'Poisson');
  });

  it('NegativeBinomial, θ from 0.3 to 1e6 (θ [P] broadcast against μ [N, P])', () => {
    const mu = [0.5, 3, 20, 100, 1e4, 5e4];
    const theta = [0.3, 1, 5, 1e3, 1e6, 1e4];
    checkColumns(() => new NegativeBinomial({ logMu: tf.log(rows(mu)), theta: tf.tensor1d(theta) }), 'NB');
  });

  it('ZeroInflatedNegativeBinomial', () => {
    checkColumns(() => new ZeroInflatedNegativeBinomial({ mu: rows([5, 50, 1, 300]), theta: tf.tensor1d([2, 10, 1e3, 0.5]), gateLogits: tf.tensor1d([0, -1, 1.5, -3]) }), 'ZINB');
  });

  it('Bernoulli', () => {
    checkColumns(() => new Bernoulli(rows([-3, -0.2, 0, 1, 4])), 'Bernoulli');
  });

  it('DiagGaussian', () => {
    checkColumns(() => new DiagGaussian(rows([0, -3, 100]), rows([1, 0.01, 30])), 'DiagGaussian');
  });

  it('Categorical: class frequencies match softmax(logits) (5 binomial standard errors)', () => {
    const logits = [1, 0, -1, 2, -20];
    const { s, p } = tf.tidy(() => {
      const d = new Categorical(tf.broadcastTo(tf.tensor2d([logits]), [N, logits.length]));
      return { s: d.sample(9).dataSync(), p: d.mean().dataSync().slice(0, logits.length) };
    });
    logits.forEach((_, k) => {
      const freq = s.filter((v) => v === k).length / N;
      expect(Math.abs(freq - p[k]), `class ${k}: ${freq} vs ${p[k]}`).toBeLessThanOrEqual(5 * Math.sqrt((p[k] * (1 - p[k])) / N) + 1e-9);
    });
  });
});

describe('seeds and support', () => {
  const makers: [string, () => Distribution][] = [
    ['Poisson', () => new Poisson(tf.fill([40], 2.5))],
    ['NegativeBinomial', () => new NegativeBinomial({ logMu: tf.fill([40], 2), theta: tf.fill([40], 0.7) })],
    ['ZINB', () => new ZeroInflatedNegativeBinomial({ logMu: tf.fill([40], 2), theta: tf.fill([40], 0.7), gateLogits: tf.fill([40], 0) })],
    ['Bernoulli', () => new Bernoulli(tf.fill([40], 0.3))],
    ['Categorical', () => new Categorical(tf.zeros([40, 7]))],
    ['DiagGaussian', () => new DiagGaussian(tf.zeros([40]), tf.ones([40]))],
  ];
  for (const [name, make] of makers) {
    it(`${name}: the same seed gives the same sample, other seeds and no seed give others`, () => {
      const [a, b, c, d, e] = tf.tidy(() => {
        const dist = make();
        return [dist.sample(123), dist.sample(123), dist.sample(124), dist.sample(), dist.sample()].map((t) => Array.from(t.dataSync()));
      });
      expect(a).toEqual(b);
      expect(c).not.toEqual(a);
      expect(d).not.toEqual(e);
    });
  }

  it('count samples are non-negative integers, Bernoulli 0/1, Categorical class indices', () => {
    const out = tf.tidy(() => ({
      nb: Array.from(new NegativeBinomial({ logMu: tf.fill([2000], 3), theta: tf.fill([2000], 0.2) }).sample(1).dataSync()),
      zinb: Array.from(new ZeroInflatedNegativeBinomial({ logMu: tf.fill([2000], 3), theta: tf.fill([2000], 0.2), gateLogits: tf.fill([2000], 1) }).sample(1).dataSync()),
      pois: Array.from(new Poisson(tf.fill([2000], 9)).sample(1).dataSync()),
      bern: Array.from(new Bernoulli(tf.fill([2000], 0)).sample(1).dataSync()),
      cat: Array.from(new Categorical(tf.zeros([2000, 3])).sample(1).dataSync()),
    }));
    for (const v of [...out.nb, ...out.zinb, ...out.pois]) expect(Number.isInteger(v) && v >= 0).toBe(true);
    expect(new Set(out.bern)).toEqual(new Set([0, 1]));
    expect(new Set(out.cat)).toEqual(new Set([0, 1, 2]));
  });
});
