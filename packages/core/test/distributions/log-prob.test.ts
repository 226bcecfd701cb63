import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Bernoulli, Categorical, DiagGaussian, NegativeBinomial, Poisson, ZeroInflatedNegativeBinomial } from '../../src/distributions/index.js';
import type { Distribution } from '../../src/distributions/index.js';
import { expectClose, flatten, loadFixture, num, type DistCase, type DistributionFixtures, type FixtureNumber } from './helpers.js';

/**
 * log-probabilities against the committed fixture list (mpmath at 50 digits, cross-checked with
 * scipy.stats by the fixture script), at float32 tolerance: relative 1e-4. Values below float32's
 * smallest normal number (1.2e-38) cannot carry relative accuracy and get that as absolute slack.
 */
const fx = loadFixture<DistributionFixtures>('distributions.json');
const RTOL = 1e-4;
const SUBNORMAL = 1.2e-38;

function elementLogProb(make: (p: Record<string, tf.Tensor>) => Distribution, params: Record<string, number[]>, x: number[]): Float32Array {
  return tf.tidy(() => {
    const ps = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, tf.tensor1d(v)]));
    return make(ps).elementLogProb(tf.tensor1d(x)).dataSync() as Float32Array;
  });
}

function checkMoments(cases: DistCase[], make: (c: DistCase) => Distribution, label: string): void {
  for (const c of cases) {
    const [mean, variance] = tf.tidy(() => {
      const d = make(c);
      return [Array.from(d.mean().dataSync()), Array.from(d.variance().dataSync())];
    });
    const refMean = ([] as FixtureNumber[]).concat(c.mean).map(num);
    const refVar = ([] as FixtureNumber[]).concat(c.variance).map(num);
    expectClose(mean, refMean, 1e-5, SUBNORMAL, `${label} mean (${c.name})`);
    expectClose(variance, refVar, 1e-5, SUBNORMAL, `${label} variance (${c.name})`);
  }
}

describe('log-probabilities against the fixture list', () => {
  it('DiagGaussian matches scipy.stats.norm', () => {
    const f = flatten(fx.normal);
    const got = elementLogProb((p) => new DiagGaussian(p.loc, p.scale, 0), f.params, f.x);
    expectClose(got, f.logProb, RTOL, 0, 'normal', f.where);
    checkMoments(fx.normal, (c) => new DiagGaussian(tf.scalar(c.params.loc as number), tf.scalar(c.params.scale as number), 0), 'normal');
  });

  it('Bernoulli matches scipy.stats.bernoulli, also at logits ±30 and ±100', () => {
    const f = flatten(fx.bernoulli);
    const got = elementLogProb((p) => new Bernoulli(p.logits, 0), f.params, f.x);
    expectClose(got, f.logProb, RTOL, SUBNORMAL, 'bernoulli', f.where);
    checkMoments(fx.bernoulli, (c) => new Bernoulli(tf.scalar(c.params.logits as number), 0), 'bernoulli');
  });

  it('Categorical matches scipy log_softmax, for [B] and [B, T] observations', () => {
    for (const c of fx.categorical) {
      const logits = c.params.logits as number[];
      const got = tf.tidy(() => new Categorical(tf.tensor2d([logits, logits, logits, logits])).logProb(tf.tensor1d(c.x)).dataSync());
      expectClose(got, c.logProb.map(num), RTOL, 0, `categorical ${c.name}`);
      // [B, T] = [1, 4] with eventRank 1: the sum over T; int32 indices work too.
      const seq = tf.tidy(() => new Categorical(tf.tensor3d([[logits, logits, logits, logits]]), 1).logProb(tf.tensor2d([c.x], [1, 4], 'int32')).dataSync());
      expect(seq.length).toBe(1);
      expectClose(seq, [c.logProb.map(num).reduce((a, b) => a + b, 0)], RTOL, 0, `categorical [B, T] ${c.name}`);
    }
    checkMoments(fx.categorical, (c) => new Categorical(tf.tensor1d(c.params.logits as number[])), 'categorical');
  });

  it('Poisson matches scipy.stats.poisson, for rates 9e-14 to 5e4 and counts up to 5e4', () => {
    const f = flatten(fx.poisson);
    expectClose(elementLogProb((p) => new Poisson(p.logRate), f.params, f.x), f.logProb, RTOL, 0, 'poisson', f.where);
    const viaRate = tf.tidy(() => Poisson.fromRate(tf.exp(tf.tensor1d(f.params.logRate))).elementLogProb(tf.tensor1d(f.x)).dataSync());
    expectClose(viaRate, f.logProb, RTOL, 0, 'poisson from rate', f.where);
    checkMoments(fx.poisson, (c) => new Poisson(tf.scalar(c.params.logRate as number)), 'poisson');
  });

  describe('NegativeBinomial matches scipy.stats.nbinom (n = θ, p = θ/(θ+μ))', () => {
    const f = flatten(fx.negativeBinomial);
    it('with θ from 1e-4 to 1e6, μ from e⁻³⁰ to 5e4 and counts up to 5e4, given log μ', () => {
      expect(f.x.length).toBeGreaterThan(500);
      expectClose(elementLogProb((p) => new NegativeBinomial({ logMu: p.logMu, theta: p.theta }), f.params, f.x), f.logProb, RTOL, 0, 'nb { logMu, theta }', f.where);
    });
    it('given μ, or log θ', () => {
      expectClose(elementLogProb((p) => new NegativeBinomial({ mu: p.mu, theta: p.theta }), f.params, f.x), f.logProb, RTOL, 0, 'nb { mu, theta }', f.where);
      expectClose(elementLogProb((p) => new NegativeBinomial({ logMu: p.logMu, logTheta: tf.log(p.theta) }), f.params, f.x), f.logProb, RTOL, 0, 'nb { logMu, logTheta }', f.where);
    });
    it('has the mean and variance of scipy nbinom.stats', () => {
      checkMoments(fx.negativeBinomial, (c) => new NegativeBinomial({ logMu: tf.scalar(c.params.logMu as number), theta: tf.scalar(c.params.theta as number) }), 'nb');
    });
  });

  describe('ZeroInflatedNegativeBinomial matches a zero-inflated scipy nbinom', () => {
    const f = flatten(fx.zinb);
    it('with gate logits from −30 to 30 and the NB extremes', () => {
      expect(f.x.length).toBeGreaterThan(700);
      expectClose(
        elementLogProb((p) => new ZeroInflatedNegativeBinomial({ logMu: p.logMu, theta: p.theta, gateLogits: p.gateLogits }), f.params, f.x),
        f.logProb,
        RTOL,
        SUBNORMAL,
        'zinb',
        f.where,
      );
    });
    it('has mean (1 − π)μ and variance (1 − π)μ(1 + μ/θ + πμ)', () => {
      checkMoments(
        fx.zinb,
        (c) => new ZeroInflatedNegativeBinomial({ logMu: tf.scalar(c.params.logMu as number), theta: tf.scalar(c.params.theta as number), gateLogits: tf.scalar(c.params.gateLogits as number) }),
        'zinb',
      );
    });
  });
});

describe('event axes, shapes and parameter checks', () => {
  it('logProb sums elementLogProb over the last eventRank axes', () => {
    const out = tf.tidy(() => {
      const logMu = tf.randomNormal([3, 4, 5], 0, 1, 'float32', 1);
      const x = tf.floor(tf.randomUniform([3, 4, 5], 0, 6, 'float32', 2));
      const d = (r: number) => new NegativeBinomial({ logMu, theta: tf.fill([5], 2) }, r);
      return {
        r0: d(0).logProb(x).shape,
        r1: Array.from(d(1).logProb(x).dataSync()),
        r2: Array.from(d(2).logProb(x).dataSync()),
        sum1: Array.from(tf.sum(d(0).elementLogProb(x), -1).dataSync()),
        sum2: Array.from(tf.sum(d(0).elementLogProb(x), [1, 2]).dataSync()),
      };
    });
    expect(out.r0).toEqual([3, 4, 5]);
    expectClose(out.r1, out.sum1, 1e-6, 0, 'eventRank 1');
    expectClose(out.r2, out.sum2, 1e-6, 0, 'eventRank 2');
  });

  it('broadcasts θ [G] against μ [B, G]: samples, means and variances have the broadcast shape', () => {
    const shapes = tf.tidy(() => {
      const d = new NegativeBinomial({ logMu: tf.zeros([2, 3]), theta: tf.ones([3]) });
      const z = new ZeroInflatedNegativeBinomial({ logMu: tf.zeros([2, 3]), theta: tf.ones([3]), gateLogits: tf.zeros([3]) });
      return [d.mean().shape, d.variance().shape, d.sample(1).shape, z.mean().shape, z.variance().shape, z.sample(1).shape, d.logProb(tf.zeros([2, 3])).shape];
    });
    expect(shapes).toEqual([[2, 3], [2, 3], [2, 3], [2, 3], [2, 3], [2, 3], [2]]);
  });

  it('Categorical: mean and variance are per class [..., K]; samples are indices shaped like the batch', () => {
    const out = tf.tidy(() => {
      const d = new Categorical(tf.zeros([2, 3, 5]), 1);
      return { mean: d.mean().shape, variance: d.variance().shape, sample: d.sample(1).shape, k: d.numClasses, lp: d.logProb(tf.zeros([2, 3])).shape };
    });
    expect(out).toEqual({ mean: [2, 3, 5], variance: [2, 3, 5], sample: [2, 3], k: 5, lp: [2] });
  });

  it('NegativeBinomial and ZINB reject ambiguous or missing parameters with a ConfigError', () => {
    const t = tf.scalar(1);
    expect(() => new NegativeBinomial({ theta: t })).toThrow(/exactly one of mu and logMu/);
    expect(() => new NegativeBinomial({ mu: t, logMu: t, theta: t })).toThrow(/exactly one of mu and logMu/);
    expect(() => new NegativeBinomial({ mu: t })).toThrow(/exactly one of theta and logTheta/);
    expect(() => new ZeroInflatedNegativeBinomial({ mu: t, theta: t, logTheta: t, gateLogits: t })).toThrow(/exactly one of theta and logTheta/);
    try {
      new NegativeBinomial({ theta: t });
    } catch (e) {
      expect((e as { code?: string }).code).toBe('config');
    }
    t.dispose();
  });
});
