// totalVI's background/foreground NB mixture: log-pmf and moments against scipy (fixture), gradients
// against finite differences of an independent float64 implementation, sampling, and core's
// likelihood conformance suite.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, InputError, lgammaNumber, likelihoods } from '@vaekit/core';
import { expectNoTensorLeak, likelihoodConformance } from '@vaekit/core/testing';
import { NbMixture, nbMixtureLikelihood, type NbMixtureLikelihood } from '@vaekit/multimodal';

interface Case {
  x: number;
  muBackground: number;
  muForeground: number;
  theta: number;
  mixingLogit: number;
  logProb: number;
  mean: number;
  variance: number;
  mass: number;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/nb-mixture.json', import.meta.url), 'utf8')) as { cases: Case[] };
const cases = fixture.cases;

function mixtureOf(cs: Case[]): NbMixture {
  const col = (f: (c: Case) => number) => tf.tensor2d(cs.map(f), [cs.length, 1]);
  return new NbMixture({ logBackground: col((c) => Math.log(c.muBackground)), logForeground: col((c) => Math.log(c.muForeground)), theta: col((c) => c.theta), mixingLogits: col((c) => c.mixingLogit) });
}

describe('NbMixture against scipy', () => {
  it('log-pmf within 2e-5 relative (1e-5 absolute) of scipy, at every fixture point', () => {
    tf.tidy(() => {
      const lp = mixtureOf(cases).logProb(tf.tensor2d(cases.map((c) => c.x), [cases.length, 1])).dataSync();
      cases.forEach((c, i) => expect(Math.abs(lp[i] - c.logProb), `case ${i}: x=${c.x}`).toBeLessThan(1e-5 + 2e-5 * Math.abs(c.logProb)));
    });
  });

  it('mean and variance match the moments summed over the support', () => {
    const full = cases.filter((c) => Math.abs(c.mass - 1) < 1e-9);
    expect(full.length).toBeGreaterThan(25);
    tf.tidy(() => {
      const d = mixtureOf(full);
      const mean = d.mean().dataSync();
      const variance = d.variance().dataSync();
      full.forEach((c, i) => {
        expect(Math.abs(mean[i] - c.mean) / c.mean, `mean ${i}`).toBeLessThan(1e-5);
        expect(Math.abs(variance[i] - c.variance) / c.variance, `variance ${i}`).toBeLessThan(1e-4);
      });
    });
  });

  it('samples have the fixture mean and variance (within 5 standard errors)', () => {
    const c = cases[0];
    const n = 40000;
    tf.tidy(() => {
      const full = (v: number) => tf.fill([n, 1], v);
      const d = new NbMixture({ logBackground: full(Math.log(c.muBackground)), logForeground: full(Math.log(c.muForeground)), theta: full(c.theta), mixingLogits: full(c.mixingLogit) });
      const s = d.sample(5).dataSync();
      let m = 0;
      for (const v of s) m += v / n;
      let v2 = 0;
      for (const v of s) v2 += (v - m) ** 2 / (n - 1);
      expect(Math.abs(m - c.mean)).toBeLessThan(5 * Math.sqrt(c.variance / n));
      expect(Math.abs(v2 - c.variance) / c.variance).toBeLessThan(0.1);
      expect(Array.from(d.sample(5).dataSync())).toEqual(Array.from(s));
    });
  });

  it('the background posterior is π·NB_b / p(x): near 1 for counts the background explains', () => {
    tf.tidy(() => {
      const d = mixtureOf([cases[1], cases[2]]); // x = 2 and x = 35 with μ_b = 3, μ_f = 40
      const post = d.backgroundPosterior(tf.tensor2d([2, 35], [2, 1])).dataSync();
      expect(post[0]).toBeGreaterThan(0.9);
      expect(post[1]).toBeLessThan(0.01);
    });
  });
});

// --- an independent float64 implementation, for finite differences -----------------------------
const softplus = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
const logSigmoid = (v: number) => -softplus(-v);
function nbLog(x: number, mu: number, theta: number): number {
  return lgammaNumber(x + theta) - lgammaNumber(theta) - lgammaNumber(x + 1) + theta * Math.log(theta / (theta + mu)) + x * Math.log(mu / (theta + mu));
}
function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}
/** Σ over rows and features of log p(x) for heads [B, F], θ = exp(logTheta) per feature, optional library offset. */
function referenceLogLik(x: number[][], heads: { background: number[][]; foreground: number[][]; mixingLogits: number[][] }, logTheta: number[], offset: boolean): number {
  let total = 0;
  x.forEach((row, b) => {
    const hb = heads.background[b];
    const lib = offset ? Math.max(row.reduce((s, v) => s + v, 0), 1) : 1;
    const lse = offset ? logAddExpAll(hb) : 0;
    row.forEach((xv, f) => {
      const logMb = offset ? Math.log(lib) + hb[f] - lse : hb[f];
      const mb = Math.exp(logMb);
      const mf = mb * (1 + softplus(heads.foreground[b][f]));
      const th = Math.exp(logTheta[f]);
      const l = heads.mixingLogits[b][f];
      total += logAddExp(logSigmoid(l) + nbLog(xv, mb, th), logSigmoid(-l) + nbLog(xv, mf, th));
    });
  });
  return total;
}
function logAddExpAll(v: number[]): number {
  const m = Math.max(...v);
  return m + Math.log(v.reduce((s, a) => s + Math.exp(a - m), 0));
}

describe('NbMixtureLikelihood gradients', () => {
  for (const offset of [false, true]) {
    it(`match central finite differences of a float64 implementation (libraryOffset ${offset})`, () => {
      const B = 3;
      const F = 4;
      const x = [
        [0, 3, 40, 7],
        [12, 0, 1, 150],
        [5, 9, 0, 2],
      ];
      const rnd = (seed: number) => Array.from({ length: B }, (_, b) => Array.from({ length: F }, (_, f) => Math.sin(seed * 7.1 + b * 3.3 + f * 1.7) * (offset ? 1 : 1.5) + (offset ? 0 : 2)));
      const heads = { background: rnd(1), foreground: rnd(2).map((r) => r.map((v) => v - 2)), mixingLogits: rnd(3) };
      const logTheta = [0.3, 1.5, -0.4, 2.2];
      const lik = nbMixtureLikelihood.create({ libraryOffset: offset }, { featureDim: F, covariates: [] }, 1) as NbMixtureLikelihood;
      try {
        (lik.dispersion.logTheta as tf.Variable).assign(tf.tensor1d(logTheta));
        const names = ['background', 'foreground', 'mixingLogits'] as const;
        const xs = tf.tensor2d(x);
        const value = tf.tidy(() => tf.sum(lik.distribution(Object.fromEntries(names.map((n) => [n, tf.tensor2d(heads[n])])), lik.observe(xs)).logProb(xs)).dataSync()[0]);
        expect(Math.abs(value - referenceLogLik(x, heads, logTheta, offset))).toBeLessThan(1e-4 * Math.abs(value));
        const grads = tf.tidy(() => {
          const g = tf.grads((a: Tensor, b: Tensor, c: Tensor) => tf.sum(lik.distribution({ background: a, foreground: b, mixingLogits: c }, lik.observe(xs)).logProb(xs)));
          return g(names.map((n) => tf.tensor2d(heads[n]))).map((t) => Array.from(t.dataSync()));
        });
        const thetaGrad = tf.tidy(() => {
          const { grads: g } = tf.variableGrads(() => tf.sum(lik.distribution(Object.fromEntries(names.map((n) => [n, tf.tensor2d(heads[n])])), lik.observe(xs)).logProb(xs)) as tf.Scalar, [lik.dispersion.logTheta as tf.Variable]);
          return Array.from(Object.values(g)[0].dataSync());
        });
        xs.dispose();
        const h = 1e-6;
        names.forEach((n, k) => {
          for (let b = 0; b < B; b++) {
            for (let f = 0; f < F; f++) {
              const shifted = (delta: number) => {
                const copy = { ...heads, [n]: heads[n].map((r, i) => r.map((v, j) => (i === b && j === f ? v + delta : v))) };
                return referenceLogLik(x, copy, logTheta, offset);
              };
              const fd = (shifted(h) - shifted(-h)) / (2 * h);
              expect(Math.abs(grads[k][b * F + f] - fd), `${n}[${b}, ${f}]: ${grads[k][b * F + f]} vs ${fd}`).toBeLessThan(2e-3 * (1 + Math.abs(fd)));
            }
          }
        });
        for (let f = 0; f < F; f++) {
          const at = (delta: number) => referenceLogLik(x, heads, logTheta.map((v, j) => (j === f ? v + delta : v)), offset);
          const fd = (at(h) - at(-h)) / (2 * h);
          expect(Math.abs(thetaGrad[f] - fd), `logTheta[${f}]`).toBeLessThan(2e-3 * (1 + Math.abs(fd)));
        }
      } finally {
        lik.dispose();
      }
    });
  }
});

describe('nb-mixture plugin', () => {
  it('is registered with core, reads the library size, and maps heads to means (α = 1 + softplus)', async () => {
    expect(likelihoods.get('nb-mixture')).toBe(nbMixtureLikelihood);
    const lik = nbMixtureLikelihood.create({}, { featureDim: 2, covariates: [] });
    try {
      await expectNoTensorLeak(() =>
        tf.tidy(() => {
          const x = tf.tensor2d([[30, 10]]);
          const ctx = lik.observe?.(x) ?? {};
          expect(ctx.logLibrarySize?.dataSync()[0]).toBeCloseTo(Math.log(40), 5);
          const d = lik.distribution({ background: tf.tensor2d([[0, Math.log(3)]]), foreground: tf.tensor2d([[0, 2]]), mixingLogits: tf.tensor2d([[50, -50]]) }, ctx) as NbMixture;
          const p = d.parameters();
          const bg = p.background.dataSync();
          expect(bg[0]).toBeCloseTo(10, 3); // 40 · softmax([0, log 3]) = [10, 30]
          expect(bg[1]).toBeCloseTo(30, 3);
          expect(p.foreground.dataSync()[1]).toBeCloseTo(30 * (1 + Math.log1p(Math.exp(2))), 2);
          const mean = d.mean().dataSync(); // mixing logit +50: background; −50: foreground
          expect(mean[0]).toBeCloseTo(10, 3);
          expect(mean[1]).toBeCloseTo(30 * (1 + Math.log1p(Math.exp(2))), 2);
        }),
      );
    } finally {
      lik.dispose();
    }
  });

  it('rejects bad configs with a ConfigError and non-counts with an InputError', () => {
    expect(() => nbMixtureLikelihood.parseConfig({ libraryOffset: 'yes' })).toThrow(ConfigError);
    expect(() => nbMixtureLikelihood.parseConfig({ dispersion: 'protein' })).toThrow(ConfigError);
    expect(() => nbMixtureLikelihood.parseConfig({ dispersion: 'gene-covariate' })).toThrow(/dispersionCovariate/);
    const lik = nbMixtureLikelihood.create({}, { featureDim: 2, covariates: [] });
    expect(() => lik.validate([1, -3], 'protein')).toThrow(InputError);
    expect(() => lik.validate([1, Number.NaN], 'protein')).toThrow(/non-finite/);
    lik.dispose();
  });
});

const counts = (f: number) => (n: number) => Float32Array.from({ length: n * f }, (_, i) => ((i * 7919) % 13) + (i % 5 === 0 ? 60 : 0));
likelihoodConformance(nbMixtureLikelihood, [
  { name: 'library offset, θ per protein', config: {}, featureDim: 6, data: counts(6), invalidValue: -1 },
  { name: 'no offset, θ per cell', config: { libraryOffset: false, dispersion: 'gene-cell' }, featureDim: 4, data: counts(4), invalidValue: 2.5 },
  {
    name: 'θ per protein × batch',
    config: { dispersion: 'gene-covariate', dispersionCovariate: 'batch' },
    featureDim: 3,
    covariates: [{ name: 'batch', type: 'categorical', levels: ['a', 'b'] }],
    data: counts(3),
  },
]);
