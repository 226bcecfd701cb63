/**
 * Exact samplers for the count distributions, in float64 on the CPU from a seeded `Rng`:
 * Poisson (inversion below rate 10, Hörmann's PTRS transformed rejection above), Gamma
 * (Marsaglia–Tsang, in log space so tiny shapes do not underflow) and the negative binomial as a
 * Gamma–Poisson mixture.
 */
import { lgammaNumber } from './lgamma-number.js';
import type { Rng } from './rng.js';

/** Rates above this are drawn from N(λ, λ) rounded: the skewness 1/√λ is below 1e-5 there. */
const NORMAL_LIMIT = 1e10;

function poissonInversion(rng: Rng, rate: number): number {
  let k = 0;
  let p = Math.exp(-rate);
  let cdf = p;
  const u = rng.uniform();
  while (u > cdf && k < 1000) {
    k += 1;
    p *= rate / k;
    cdf += p;
  }
  return k;
}

/** PTRS (Hörmann 1993, "The transformed rejection method for generating Poisson random variables"), rate ≥ 10. */
function poissonPtrs(rng: Rng, rate: number): number {
  const slam = Math.sqrt(rate);
  const loglam = Math.log(rate);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -rate + k * loglam - lgammaNumber(k + 1)) return k;
  }
}

/** One Poisson(rate) draw; rate ≥ 0 (0 for rate = 0 or NaN-free tiny rates). */
export function samplePoisson(rng: Rng, rate: number): number {
  if (!(rate > 0)) return 0;
  if (rate < 10) return poissonInversion(rng, rate);
  if (rate < NORMAL_LIMIT) return poissonPtrs(rng, rate);
  return Math.max(0, Math.round(rate + Math.sqrt(rate) * rng.normal()));
}

/** log of one Gamma(shape, 1) draw, shape > 0 (Marsaglia–Tsang; shape < 1 boosted by U^(1/shape)). */
export function sampleLogGamma(rng: Rng, shape: number): number {
  if (shape < 1) return sampleLogGamma(rng, shape + 1) + Math.log(rng.uniformPositive()) / shape;
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = rng.normal();
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniformPositive();
    if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return Math.log(d * v);
  }
}

/** One Gamma(shape, 1) draw. */
export function sampleGamma(rng: Rng, shape: number): number {
  return Math.exp(sampleLogGamma(rng, shape));
}

/** One NB(μ, θ) draw (mean μ, variance μ + μ²/θ) as Poisson(Gamma(θ, scale μ/θ)). */
export function sampleNegativeBinomial(rng: Rng, mu: number, theta: number): number {
  if (!(mu > 0)) return 0;
  return samplePoisson(rng, Math.exp(sampleLogGamma(rng, theta) + Math.log(mu) - Math.log(theta)));
}
