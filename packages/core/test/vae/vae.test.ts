import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ArraySource, InputError, VAE, activeUnits, expectNoTensorLeakSync, pruneLatents } from './helpers.js';

/**
 * A linear-Gaussian VAE with known answers: decoder x = zW + b + σε (W [D, F] with orthogonal rows),
 * so p(x) = N(b, WᵀW + σ²I) exactly and the true posterior is diagonal; the encoder is set to it.
 */
const D = 2;
const F = 4;
const SIGMA = 0.5;
const W = [
  [1.5, 0, 1.5, 0],
  [0, -0.8, 0, 0.8],
];
const BIAS = [0.3, -0.2, 1.0, 0.5];

function linearGaussianVae(exactEncoder: boolean): VAE {
  const vae = VAE.create({
    featureDim: F,
    latentDim: D,
    encoder: { kind: 'mlp', config: { hidden: [] } },
    decoder: { kind: 'mlp', config: { hidden: [] } },
    likelihood: { kind: 'gaussian', config: { variance: 'fixed', scale: SIGMA } },
    seed: 3,
  });
  const v = vae.variables();
  v['decoder/head/loc/kernel'].assign(tf.tensor2d(W));
  v['decoder/head/loc/bias'].assign(tf.tensor1d(BIAS));
  if (exactEncoder) {
    // M = I + W Wᵀ/σ² is diagonal; posterior mean = (x − b) Wᵀ M⁻¹ / σ², variance = M⁻¹.
    const m = W.map((row) => 1 + row.reduce((s, w) => s + w * w, 0) / SIGMA ** 2);
    const wm = Array.from({ length: F }, (_, f) => W.map((row, d) => row[f] / m[d] / SIGMA ** 2));
    const bm = W.map((_, d) => -BIAS.reduce((s, b, f) => s + b * wm[f][d], 0));
    v['encoder/mean/kernel'].assign(tf.tensor2d(wm));
    v['encoder/mean/bias'].assign(tf.tensor1d(bm));
    v['encoder/logvar/kernel'].assign(tf.zeros([F, D]));
    v['encoder/logvar/bias'].assign(tf.tensor1d(m.map((mm) => -Math.log(mm))));
  }
  return vae;
}

/** log N(x; b, WᵀW + σ²I) in float64, by Cholesky. */
function exactLogLik(x: number[]): number {
  const cov = Array.from({ length: F }, (_, i) => Array.from({ length: F }, (_, j) => W.reduce((s, row) => s + row[i] * row[j], 0) + (i === j ? SIGMA ** 2 : 0)));
  const L = cov.map(() => new Array<number>(F).fill(0));
  for (let i = 0; i < F; i++) {
    for (let j = 0; j <= i; j++) {
      let s = cov[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  }
  const r = x.map((v, i) => v - BIAS[i]);
  const y = new Array<number>(F).fill(0);
  for (let i = 0; i < F; i++) {
    let s = r[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * y[k];
    y[i] = s / L[i][i];
  }
  const logDet = 2 * L.reduce((s, row, i) => s + Math.log(row[i]), 0);
  return -0.5 * (F * Math.log(2 * Math.PI) + logDet + y.reduce((s, v) => s + v * v, 0));
}

const X = [
  [0.1, 0.4, 2.0, -0.3],
  [1.9, -1.0, 2.5, 1.4],
  [-1.2, 0.7, -0.4, -0.1],
];

describe('VAE ELBO and marginal likelihood against a linear-Gaussian model with a known answer', () => {
  it('with the exact posterior as encoder, the ELBO and the importance-weighted bound equal log p(x)', () => {
    const vae = linearGaussianVae(true);
    const expected = X.map(exactLogLik);
    expectNoTensorLeakSync(() =>
      tf.tidy(() => {
        // reconstruction is a Monte-Carlo estimate (KL is analytic): unbiased, so average many samples
        const out = vae.elbo({ x: tf.tensor2d(X) }, { samples: 4000, seed: 11 });
        const elbo = out.reconstruction.dataSync()[0] - out.kl.dataSync()[0];
        expect(Math.abs(elbo - expected.reduce((a, b) => a + b) / X.length)).toBeLessThan(0.03);
        expect(-out.loss.dataSync()[0]).toBeCloseTo(elbo, 4);
        // log p(x, z) − log q(z | x) = log p(x) for every z: the importance weights are constant
        const iw = vae.marginalLogLikelihood(tf.tensor2d(X), 50, { chunk: 16 });
        Array.from(iw.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 3));
      }),
    );
    vae.dispose();
  });

  it('with a poorer encoder, ELBO < importance-weighted bound ≤ log p(x), and the bound tightens with K', () => {
    const vae = linearGaussianVae(false);
    const exact = X.map(exactLogLik);
    tf.tidy(() => {
      const x = tf.tensor2d(X);
      const elbos: number[] = [];
      for (let s = 0; s < 40; s++) {
        const o = vae.elbo({ x }, { seed: s });
        elbos.push(o.reconstruction.dataSync()[0] - o.kl.dataSync()[0]);
      }
      const elbo = elbos.reduce((a, b) => a + b) / elbos.length;
      const iw10 = tf.mean(vae.marginalLogLikelihood(x, 10, { seed: 1 })).dataSync()[0];
      const iw2000 = tf.mean(vae.marginalLogLikelihood(x, 2000, { seed: 2, chunk: 500 })).dataSync()[0];
      const truth = exact.reduce((a, b) => a + b) / X.length;
      expect(elbo).toBeLessThan(iw10);
      expect(iw10).toBeLessThan(iw2000);
      expect(iw2000).toBeLessThanOrEqual(truth + 0.02);
      expect(truth - iw2000).toBeLessThan(truth - elbo);
    });
    vae.dispose();
  });

  it('applies β and free bits to the loss as documented', () => {
    const vae = linearGaussianVae(false);
    tf.tidy(() => {
      const x = tf.tensor2d(X);
      const o = vae.elbo({ x }, { beta: 0.3, freeBits: 0.5, seed: 4 });
      const klPerDim = Array.from(o.klPerDim.dataSync());
      expect(o.kl.dataSync()[0]).toBeCloseTo(klPerDim.reduce((a, b) => a + b), 4);
      const expected = -o.reconstruction.dataSync()[0] + 0.3 * klPerDim.reduce((s, k) => s + Math.max(k, 0.5), 0);
      expect(o.loss.dataSync()[0]).toBeCloseTo(expected, 4);
    });
    vae.dispose();
  });

  it('generates from the prior through the decoder: sample mean → b', () => {
    const vae = linearGaussianVae(false);
    tf.tidy(() => {
      const { z, mean, sample } = vae.generate(20000, { seed: 5 });
      expect(z.shape).toEqual([20000, D]);
      expect(mean.shape).toEqual([20000, F]);
      const m = Array.from(tf.mean(sample, 0).dataSync());
      // each coordinate's sd ≤ sqrt(1.5² + 0.5²) ≈ 1.6 → standard error ≈ 0.011
      m.forEach((v, i) => expect(Math.abs(v - BIAS[i])).toBeLessThan(0.06));
    });
    vae.dispose();
  });

  it('embed returns the posterior mean, reconstruct the decoder mean at it', () => {
    const vae = linearGaussianVae(true);
    tf.tidy(() => {
      const x = tf.tensor2d(X);
      const z = vae.embed(x);
      const expectedZ = tf.add(tf.matMul(x, vae.variables()['encoder/mean/kernel']), vae.variables()['encoder/mean/bias']);
      expect(tf.max(tf.abs(tf.sub(z, expectedZ))).dataSync()[0]).toBeLessThan(1e-6);
      const r = vae.reconstruct(x);
      const expectedR = tf.add(tf.matMul(z, tf.tensor2d(W)), tf.tensor1d(BIAS));
      expect(tf.max(tf.abs(tf.sub(r, expectedR))).dataSync()[0]).toBeLessThan(1e-5);
    });
    vae.dispose();
  });
});

describe('active units and pruning', () => {
  it('finds a collapsed dimension and prunes it without changing what the model computes', () => {
    const vae = VAE.create({ featureDim: F, latentDim: 3, encoder: { kind: 'mlp', config: { hidden: [8] } }, decoder: { kind: 'mlp', config: { hidden: [8] } }, likelihood: { kind: 'gaussian' }, seed: 1 });
    const v = vae.variables();
    // collapse latent dim 1: posterior = prior, decoder ignores it
    tf.tidy(() => {
      const mask = tf.tensor1d([1, 0, 1]);
      v['encoder/mean/kernel'].assign(tf.mul(v['encoder/mean/kernel'], mask));
      v['encoder/mean/bias'].assign(tf.mul(v['encoder/mean/bias'], mask));
      v['encoder/logvar/kernel'].assign(tf.mul(v['encoder/logvar/kernel'], mask));
      v['encoder/logvar/bias'].assign(tf.mul(v['encoder/logvar/bias'], mask));
      v['decoder/layer0/kernel'].assign(tf.mul(v['decoder/layer0/kernel'], tf.reshape(mask, [3, 1])));
    });
    const data = new ArraySource({ n: 40, x: Float32Array.from({ length: 40 * F }, (_, i) => Math.sin(i)), featureDim: F });
    const au = activeUnits(vae, data);
    expect(au.active).toEqual([0, 2]);
    expect(au.klPerDim[1]).toBeLessThan(1e-6);
    const pruned = pruneLatents(vae, au.active);
    expect(pruned.latentDim).toBe(2);
    tf.tidy(() => {
      const x = tf.tensor2d(X);
      const z = vae.embed(x);
      const zp = pruned.embed(x);
      expect(tf.max(tf.abs(tf.sub(tf.gather(z, [0, 2], 1), zp))).dataSync()[0]).toBeLessThan(1e-6);
      expect(tf.max(tf.abs(tf.sub(vae.reconstruct(x), pruned.reconstruct(x)))).dataSync()[0]).toBeLessThan(1e-5);
    });
    vae.dispose();
    pruned.dispose();
  });
});

describe('bad input and bad config give typed errors that name the problem', () => {
  const make = (likelihood = 'nb') => VAE.create({ featureDim: 3, latentDim: 2, likelihood: { kind: likelihood }, encoder: { kind: 'mlp', config: { hidden: [4], inputTransform: 'log1p' } } });

  it('wrong feature count', () => {
    const vae = make();
    const x = tf.ones([2, 5]);
    expect(() => vae.validateBatch({ x })).toThrowError(InputError);
    expect(() => vae.validateBatch({ x })).toThrow(/5 features per sample, the model expects 3/);
    x.dispose();
    vae.dispose();
  });

  it('NaN or Inf in data', () => {
    const vae = make('gaussian');
    const x = tf.tensor2d([[1, 2, 3], [4, Number.POSITIVE_INFINITY, 6]]);
    expect(() => vae.validateBatch({ x })).toThrow(/non-finite value \(Infinity\) at row 1, column 1/);
    x.dispose();
    vae.dispose();
  });

  it('negative and non-integer counts for count likelihoods', () => {
    for (const kind of ['nb', 'zinb', 'poisson']) {
      const vae = make(kind);
      const neg = tf.tensor2d([[1, -1, 3]]);
      const frac = tf.tensor2d([[1, 2, 0.5]]);
      expect(() => vae.validateBatch({ x: neg })).toThrow(/negative count \(-1\) at row 0, column 1.*raw counts/);
      expect(() => vae.validateBatch({ x: frac })).toThrow(/non-integer count \(0.5\) at row 0, column 2/);
      neg.dispose();
      frac.dispose();
      vae.dispose();
    }
  });

  it('invalid config values', () => {
    expect(() => VAE.create({ featureDim: 3, latentDim: 0, likelihood: { kind: 'nb' } })).toThrow(/latentDim must be a positive integer/);
    expect(() => VAE.create({ featureDim: 3, latentDim: 2, likelihood: { kind: 'nope' } })).toThrow(/Unknown likelihood kind "nope".*registered likelihood kinds: .*bernoulli.*nb/);
    expect(() => VAE.create({ featureDim: 3, latentDim: 2, likelihood: { kind: 'nb' }, encoder: { kind: 'mlp', config: { dropout: 1.5 } } })).toThrow(/dropout must be in \[0, 1\)/);
    expect(() => VAE.create({ featureDim: 3, latentDim: 2, likelihood: { kind: 'nb', config: { dispersion: 'per-planet' } } })).toThrow(/dispersion must be/);
    expect(() => VAE.create({ featureDim: 3, latentDim: 2, likelihood: { kind: 'nb' }, prior: { kind: 'conditional-gaussian' } })).toThrow(/needs covariates/);
  });

  it('missing covariates for a model that has them', () => {
    const vae = VAE.create({ featureDim: 3, latentDim: 2, likelihood: { kind: 'gaussian' }, covariates: [{ name: 'batch', type: 'categorical', levels: ['a', 'b'] }] });
    const x = tf.ones([2, 3]);
    expect(() => vae.validateBatch({ x })).toThrow(/covariates \(batch\) but the batch has none/);
    x.dispose();
    vae.dispose();
  });
});
