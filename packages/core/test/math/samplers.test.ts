import { describe, expect, it } from 'vitest';
import { lgammaNumber } from '../../src/math/lgamma-number.js';
import { Rng, rngFromSeed } from '../../src/math/rng.js';
import { sampleGamma, sampleLogGamma, sampleNegativeBinomial, samplePoisson } from '../../src/math/samplers.js';
import { expectMoments } from '../distributions/helpers.js';

/** Draws n values. */
function draw(n: number, f: () => number): Float64Array {
  return Float64Array.from({ length: n }, f);
}

/**
 * Pearson chi-square of integer draws against a pmf, bins with expected count < 20 pooled into
 * their neighbours; returns the statistic and the 1 − 1e-5 quantile of its null distribution
 * (Wilson–Hilferty), so a correct sampler fails with probability 1e-5 (never, for a fixed seed).
 */
function chiSquare(draws: Float64Array, pmf: (k: number) => number, lo: number, hi: number): { stat: number; limit: number; df: number } {
  const n = draws.length;
  const observed = new Map<number, number>();
  for (const v of draws) observed.set(v, (observed.get(v) ?? 0) + 1);
  const bins: { e: number; o: number }[] = [];
  let cur = { e: 0, o: 0 };
  let massSeen = 0;
  for (let k = lo; k <= hi; k++) {
    const p = pmf(k);
    massSeen += p;
    cur.e += n * p;
    cur.o += observed.get(k) ?? 0;
    if (cur.e >= 20) {
      bins.push(cur);
      cur = { e: 0, o: 0 };
    }
  }
  // Tails beyond [lo, hi] go into the last bin.
  let outside = 0;
  for (const [k, c] of observed) if (k < lo || k > hi) outside += c;
  cur.e += n * (1 - massSeen);
  cur.o += outside;
  if (bins.length > 0) {
    bins[bins.length - 1].e += cur.e;
    bins[bins.length - 1].o += cur.o;
  }
  const stat = bins.reduce((s, b) => s + (b.o - b.e) ** 2 / b.e, 0);
  const df = bins.length - 1;
  const z = 4.265; // standard normal 1 − 1e-5 quantile
  const limit = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
  return { stat, limit, df };
}

const poissonPmf = (rate: number) => (k: number) => Math.exp(k * Math.log(rate) - rate - lgammaNumber(k + 1));

describe('Rng (xoshiro128**)', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = draw(50, () => new Rng(1).nextUint32());
    const r1 = new Rng(42);
    const r2 = new Rng(42);
    const s1 = draw(1000, () => r1.uniform());
    const s2 = draw(1000, () => r2.uniform());
    expect(Array.from(s1)).toEqual(Array.from(s2));
    const r3 = new Rng(43);
    expect(Array.from(draw(1000, () => r3.uniform()))).not.toEqual(Array.from(s1));
    expect(new Set(a).size).toBe(1); // a fresh generator restarts its stream
    expect(rngFromSeed().uniform()).not.toBe(rngFromSeed().uniform());
  });

  it('draws uniforms in [0, 1) and (0, 1) with mean ½ and variance 1/12', () => {
    const rng = new Rng(7);
    const u = draw(100_000, () => rng.uniform());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expectMoments(u, 0.5, 1 / 12, 'uniform');
    const p = draw(100_000, () => rng.uniformPositive());
    expect(Math.min(...p)).toBeGreaterThan(0);
    expectMoments(p, 0.5, 1 / 12, 'uniformPositive');
  });

  it('draws standard normals with mean 0, variance 1 and normal tails', () => {
    const rng = new Rng(8);
    const z = draw(200_000, () => rng.normal());
    expectMoments(z, 0, 1, 'normal');
    const beyond3 = z.filter((v) => Math.abs(v) > 3).length / z.length;
    // P(|Z| > 3) = 0.0026998; binomial standard error at n = 2e5 is 1.16e-4.
    expect(Math.abs(beyond3 - 0.0026998)).toBeLessThan(5 * 1.16e-4);
  });
});

describe('samplePoisson', () => {
  it('matches the Poisson mean and variance from rate 1e-3 to 5e4 (inversion below 10, PTRS above)', () => {
    const rng = new Rng(11);
    for (const rate of [1e-3, 0.3, 3.5, 9.99, 10, 25, 1e3, 1e4, 5e4]) {
      expectMoments(draw(40_000, () => samplePoisson(rng, rate)), rate, rate, `Poisson(${rate})`);
    }
  });

  it('matches the Poisson pmf (chi-square) at rates 3.5, 25 and 1e4', () => {
    const rng = new Rng(12);
    for (const rate of [3.5, 25, 1e4]) {
      const sd = Math.sqrt(rate);
      const r = chiSquare(draw(60_000, () => samplePoisson(rng, rate)), poissonPmf(rate), Math.max(0, Math.floor(rate - 6 * sd)), Math.ceil(rate + 6 * sd));
      expect(r.stat, `Poisson(${rate}): chi-square ${r.stat.toFixed(1)} on ${r.df} df`).toBeLessThan(r.limit);
    }
  });

  it('returns 0 for rate 0 and only non-negative integers', () => {
    const rng = new Rng(13);
    expect(samplePoisson(rng, 0)).toBe(0);
    const d = draw(5000, () => samplePoisson(rng, 17.3));
    expect(d.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
  });
});

describe('sampleGamma', () => {
  it('matches mean = variance = shape for shapes 0.3 to 1e6', () => {
    const rng = new Rng(21);
    for (const shape of [0.3, 1, 2.5, 30, 1e6]) expectMoments(draw(40_000, () => sampleGamma(rng, shape)), shape, shape, `Gamma(${shape})`);
  });

  it('samples tiny shapes in log space: E[log G] = ψ(a), Var[log G] = ψ′(a) at a = 1e-3', () => {
    const rng = new Rng(22);
    const a = 1e-3;
    // scipy: digamma(1e-3) = −1000.4237549, polygamma(1, 1e-3) = 1000001.6433
    expectMoments(draw(40_000, () => sampleLogGamma(rng, a)), -1000.4237549, 1000001.6433, 'log Gamma(1e-3)');
  });
});

describe('sampleNegativeBinomial', () => {
  it('matches the NB mean μ and variance μ + μ²/θ', () => {
    const rng = new Rng(31);
    for (const [mu, theta] of [[0.5, 0.5], [3, 1], [20, 5], [100, 1e3], [1e4, 1e6], [5e4, 1e4]]) {
      expectMoments(draw(40_000, () => sampleNegativeBinomial(rng, mu, theta)), mu, mu + (mu * mu) / theta, `NB(${mu}, ${theta})`);
    }
  });

  it('gets P(0) right at θ = 1e-4 (p₀ = (θ/(θ+μ))^θ), where moments are useless', () => {
    const rng = new Rng(32);
    const n = 100_000;
    const [mu, theta] = [10, 1e-4];
    const p0 = Math.exp(theta * Math.log(theta / (theta + mu)));
    const zeros = draw(n, () => sampleNegativeBinomial(rng, mu, theta)).filter((v) => v === 0).length;
    expect(Math.abs(zeros / n - p0)).toBeLessThan(5 * Math.sqrt((p0 * (1 - p0)) / n));
  });

  it('returns 0 for μ = 0', () => {
    expect(sampleNegativeBinomial(new Rng(1), 0, 3)).toBe(0);
  });
});
