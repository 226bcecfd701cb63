import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DiagGaussian } from '../distributions/diag-gaussian.js';
import type {
  CovariateSpec,
  EncoderPlugin,
  JsonObject,
  Likelihood,
  LikelihoodPlugin,
  Module,
  Prior,
  PriorPlugin,
} from '../plugins/contracts.js';
import { expectNoTensorLeak } from './leaks.js';

/** One configuration of a likelihood plugin to check. */
export interface LikelihoodCase {
  name: string;
  config: JsonObject;
  featureDim: number;
  covariates?: CovariateSpec[];
  /** Valid observations [n, featureDim] (row-major), e.g. counts for a count likelihood. */
  data(n: number): Float32Array;
  /** A value outside the support (default NaN). */
  invalidValue?: number;
}

/** One configuration of a prior plugin to check. */
export interface PriorCase {
  name: string;
  config: JsonObject;
  latentDim: number;
  condDim?: number;
  /** A condition matrix [n, condDim] for conditional priors. */
  cond?(n: number): Tensor;
  /** A posterior equal to the prior (to check KL(p ‖ p) = 0); omit when no diagonal Gaussian equals it. */
  matching?(prior: Prior, cond: Tensor | undefined, n: number): DiagGaussian;
}

/** One configuration of an encoder plugin to check. */
export interface EncoderCase {
  name: string;
  config: JsonObject;
  inputDim: number;
  latentDim: number;
  covariateDim?: number;
  /** Valid inputs [n, inputDim] (row-major). */
  data(n: number): Float32Array;
}

const B = 6;

function covariateMatrix(specs: CovariateSpec[] | undefined, n: number): Tensor | undefined {
  if (!specs || specs.length === 0) return undefined;
  const cols: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (const s of specs) {
      if (s.type === 'categorical') {
        const levels = s.levels?.length ?? 0;
        for (let l = 0; l < levels; l++) row.push(l === i % levels ? 1 : 0);
      } else row.push(Math.sin(i + 1));
    }
    cols.push(row);
  }
  return tf.tensor2d(cols);
}

/** Copies every variable of `from` into the same-named variable of `to` (a "save/load" without files). */
export function copyVariables(from: Module, to: Module): void {
  const src = from.variables();
  const dst = to.variables();
  expect(Object.keys(dst).sort()).toEqual(Object.keys(src).sort());
  for (const [name, v] of Object.entries(dst)) {
    expect(v.shape).toEqual(src[name].shape);
    v.assign(src[name]);
  }
}

function randomHeads(likelihood: Likelihood, n: number, seed: number): Record<string, Tensor> {
  return Object.fromEntries(likelihood.heads().map((h, i) => [h.name, tf.randomNormal([n, h.size], 0, 0.5, 'float32', seed + i)]));
}

/** The shared conformance suite for likelihood plugins. Call inside a vitest file. */
export function likelihoodConformance(plugin: LikelihoodPlugin, cases: LikelihoodCase[]): void {
  describe(`likelihood "${plugin.kind}" conformance`, () => {
    for (const c of cases) {
      describe(c.name, () => {
        const make = (seed = 1) => plugin.create(JSON.parse(JSON.stringify(plugin.parseConfig(c.config))) as JsonObject, { featureDim: c.featureDim, covariates: c.covariates ?? [] }, seed);

        it('declares uniquely named heads and round-trips its config', () => {
          const lik = make();
          try {
            expect(lik.kind).toBe(plugin.kind);
            const names = lik.heads().map((h) => h.name);
            expect(new Set(names).size).toBe(names.length);
            for (const h of lik.heads()) expect(h.size).toBeGreaterThan(0);
            expect(plugin.parseConfig(JSON.parse(JSON.stringify(lik.config)) as JsonObject)).toEqual(lik.config);
          } finally {
            lik.dispose();
          }
        });

        it('gives finite log-probs, means, variances and in-support samples, without leaks', async () => {
          const lik = make();
          const x = tf.tensor2d(c.data(B), [B, c.featureDim]);
          const cov = covariateMatrix(c.covariates, B);
          try {
            await expectNoTensorLeak(() =>
              tf.tidy(() => {
                const heads = randomHeads(lik, B, 11);
                const dist = lik.distribution(heads, { ...(lik.observe?.(x) ?? {}), covariates: cov });
                const lp = dist.logProb(x);
                expect(lp.shape).toEqual([B]);
                const elp = dist.elementLogProb(x);
                expect(elp.shape[0]).toBe(B);
                expect(allFinite(lp)).toBe(true);
                expect(maxAbsDiff(tf.sum(tf.reshape(elp, [B, -1]), 1), lp)).toBeLessThan(1e-3 * (1 + maxAbs(lp)));
                const mean = dist.mean();
                const variance = dist.variance();
                expect(allFinite(mean) && allFinite(variance)).toBe(true);
                expect(tf.min(variance).dataSync()[0]).toBeGreaterThanOrEqual(0);
                const s = dist.sample(3);
                expect(s.shape).toEqual(x.shape);
                lik.validate(s, 'sample');
              }),
            );
          } finally {
            x.dispose();
            cov?.dispose();
            lik.dispose();
          }
        });

        it('has finite gradients with respect to every head', () => {
          const lik = make();
          const x = tf.tensor2d(c.data(B), [B, c.featureDim]);
          const cov = covariateMatrix(c.covariates, B);
          try {
            tf.tidy(() => {
              const heads = randomHeads(lik, B, 21);
              const names = Object.keys(heads);
              const grads = tf.grads((...hs: Tensor[]) => {
                const rec = Object.fromEntries(names.map((n, i) => [n, hs[i]]));
                return tf.sum(lik.distribution(rec, { ...(lik.observe?.(x) ?? {}), covariates: cov }).logProb(x));
              })(names.map((n) => heads[n]));
              for (const g of grads) expect(allFinite(g)).toBe(true);
            });
          } finally {
            x.dispose();
            cov?.dispose();
            lik.dispose();
          }
        });

        it('rejects data outside its support with an InputError', () => {
          const lik = make();
          try {
            const bad = c.data(2);
            bad[1] = c.invalidValue ?? Number.NaN;
            expect(() => lik.validate(bad)).toThrow(/row 0, column 1/);
            expect(() => lik.validate(bad)).toThrowError(expect.objectContaining({ code: 'input' }) as Error);
          } finally {
            lik.dispose();
          }
        });

        it('rebuilt from its config with copied variables, gives identical log-probs', () => {
          const a = make(1);
          const b = plugin.create(JSON.parse(JSON.stringify(a.config)) as JsonObject, { featureDim: c.featureDim, covariates: c.covariates ?? [] }, 99);
          const x = tf.tensor2d(c.data(B), [B, c.featureDim]);
          const cov = covariateMatrix(c.covariates, B);
          try {
            copyVariables(a, b);
            tf.tidy(() => {
              const heads = randomHeads(a, B, 5);
              const ctx = { ...(a.observe?.(x) ?? {}), covariates: cov };
              expect(Array.from(b.distribution(heads, ctx).logProb(x).dataSync())).toEqual(Array.from(a.distribution(heads, ctx).logProb(x).dataSync()));
            });
          } finally {
            a.dispose();
            b.dispose();
            x.dispose();
            cov?.dispose();
          }
        });
      });
    }
  });
}

/** The shared conformance suite for prior plugins. */
export function priorConformance(plugin: PriorPlugin, cases: PriorCase[]): void {
  describe(`prior "${plugin.kind}" conformance`, () => {
    for (const c of cases) {
      describe(c.name, () => {
        const make = (seed = 1) => plugin.create(plugin.parseConfig(c.config), { latentDim: c.latentDim, condDim: c.condDim ?? 0 }, seed);
        const N = 4000;

        it('samples [n, D] finite values with finite log-density, deterministic for a seed', async () => {
          const prior = make();
          const cond = c.cond?.(N);
          try {
            await expectNoTensorLeak(() =>
              tf.tidy(() => {
                const z = prior.sample(N, cond, 7);
                expect(z.shape).toEqual([N, c.latentDim]);
                expect(allFinite(prior.logProb(z, cond))).toBe(true);
                expect(Array.from(prior.sample(N, cond, 7).dataSync())).toEqual(Array.from(z.dataSync()));
              }),
            );
          } finally {
            cond?.dispose();
            prior.dispose();
          }
        });

        it('KL ≥ 0, shaped [B, D], and the Monte-Carlo KL agrees with klPerDim', () => {
          const prior = make();
          const cond = c.cond?.(N);
          try {
            tf.tidy(() => {
              // a posterior somewhat off the prior, the same for every sample
              const loc = tf.add(tf.mul(tf.randomNormal([1, c.latentDim], 0, 1, 'float32', 3), 0.7), tf.zeros([N, c.latentDim]));
              const scale = tf.add(tf.mul(tf.randomUniform([1, c.latentDim], 0.3, 1.5, 'float32', 4), 1), tf.zeros([N, c.latentDim]));
              const q = new DiagGaussian(loc, scale);
              const z = q.sample(8);
              const kl = prior.klPerDim(q, z, cond);
              expect(kl.shape).toEqual([N, c.latentDim]);
              const perSample = tf.sum(kl, 1);
              const mcTerms = tf.sub(q.logProb(z), prior.logProb(z, cond));
              const meanKl = tf.mean(perSample).dataSync()[0];
              const mc = tf.mean(mcTerms).dataSync()[0];
              const se = Math.sqrt(tf.moments(mcTerms).variance.dataSync()[0] / N);
              expect(meanKl).toBeGreaterThanOrEqual(-5 * se - 1e-6);
              if (prior.analyticKL) expect(tf.min(kl).dataSync()[0]).toBeGreaterThanOrEqual(-1e-5);
              expect(Math.abs(meanKl - mc)).toBeLessThanOrEqual(5 * se + 1e-3 * (1 + Math.abs(mc)));
            });
          } finally {
            cond?.dispose();
            prior.dispose();
          }
        });

        if (c.matching) {
          it('KL(p ‖ p) = 0', () => {
            const prior = make();
            const cond = c.cond?.(64);
            try {
              tf.tidy(() => {
                const q = c.matching!(prior, cond, 64);
                const z = q.sample(2);
                const kl = tf.mean(tf.sum(prior.klPerDim(q, z, cond), 1)).dataSync()[0];
                expect(Math.abs(kl)).toBeLessThan(1e-4);
              });
            } finally {
              cond?.dispose();
              prior.dispose();
            }
          });
        }

        it('rebuilt from its config with copied variables, gives identical log-densities', () => {
          const a = make(1);
          const b = plugin.create(plugin.parseConfig(JSON.parse(JSON.stringify(a.config)) as JsonObject), { latentDim: c.latentDim, condDim: c.condDim ?? 0 }, 77);
          const cond = c.cond?.(16);
          try {
            copyVariables(a, b);
            tf.tidy(() => {
              const z = tf.randomNormal([16, c.latentDim], 0, 1, 'float32', 9);
              expect(Array.from(b.logProb(z, cond).dataSync())).toEqual(Array.from(a.logProb(z, cond).dataSync()));
            });
          } finally {
            cond?.dispose();
            a.dispose();
            b.dispose();
          }
        });
      });
    }
  });
}

/** The shared conformance suite for encoder plugins. */
export function encoderConformance(plugin: EncoderPlugin, cases: EncoderCase[]): void {
  describe(`encoder "${plugin.kind}" conformance`, () => {
    for (const c of cases) {
      describe(c.name, () => {
        const dims = { inputDim: c.inputDim, latentDim: c.latentDim, covariateDim: c.covariateDim ?? 0 };
        const make = (seed = 1) => plugin.create(plugin.parseConfig(c.config), dims, seed);
        const cov = () => (dims.covariateDim > 0 ? tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Array.from({ length: B }, (_, i) => i % dims.covariateDim), 'int32'), dims.covariateDim), 'float32')) : undefined);

        it('gives a finite posterior [B, D] with positive scale, deterministic at evaluation, without leaks', async () => {
          const enc = make();
          const x = tf.tensor2d(c.data(B), [B, c.inputDim]);
          const cv = cov();
          try {
            await expectNoTensorLeak(() =>
              tf.tidy(() => {
                const q = enc.encode(x, { covariates: cv });
                expect(q.loc.shape).toEqual([B, c.latentDim]);
                expect(q.scale.shape).toEqual([B, c.latentDim]);
                expect(allFinite(q.loc) && allFinite(q.scale)).toBe(true);
                expect(tf.min(q.scale).dataSync()[0]).toBeGreaterThan(0);
                const again = enc.encode(x, { covariates: cv });
                expect(Array.from(again.loc.dataSync())).toEqual(Array.from(q.loc.dataSync()));
              }),
            );
          } finally {
            x.dispose();
            cv?.dispose();
            enc.dispose();
          }
        });

        it('passes gradients to every variable', () => {
          const enc = make();
          const x = tf.tensor2d(c.data(B), [B, c.inputDim]);
          const cv = cov();
          try {
            tf.tidy(() => {
              const { grads } = tf.variableGrads(() => {
                const q = enc.encode(x, { covariates: cv, training: true, seed: 1 });
                return tf.add(tf.sum(tf.square(q.loc)), tf.sum(q.scale));
              }, Object.values(enc.variables()));
              for (const [name, g] of Object.entries(grads)) {
                expect(allFinite(g), name).toBe(true);
                expect(tf.max(tf.abs(g)).dataSync()[0], `${name} gets no gradient`).toBeGreaterThan(0);
              }
            });
          } finally {
            x.dispose();
            cv?.dispose();
            enc.dispose();
          }
        });

        it('rebuilt from its config with copied variables, gives identical outputs', () => {
          const a = make(1);
          const b = plugin.create(plugin.parseConfig(JSON.parse(JSON.stringify(a.config)) as JsonObject), dims, 55);
          const x = tf.tensor2d(c.data(B), [B, c.inputDim]);
          const cv = cov();
          try {
            copyVariables(a, b);
            tf.tidy(() => {
              expect(Array.from(b.encode(x, { covariates: cv }).loc.dataSync())).toEqual(Array.from(a.encode(x, { covariates: cv }).loc.dataSync()));
            });
          } finally {
            a.dispose();
            b.dispose();
            x.dispose();
            cv?.dispose();
          }
        });
      });
    }
  });
}

function allFinite(t: Tensor): boolean {
  return t.dataSync().every((v) => Number.isFinite(v));
}
function maxAbs(t: Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(t)).dataSync()[0]);
}
function maxAbsDiff(a: Tensor, b: Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}
