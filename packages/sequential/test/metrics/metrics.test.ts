import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bitsPerSpike, crossValidatedRidgeR2, fitPoissonGlm, gaussianSmooth, rateR2, ridgeCv, spikeCounts } from '@vaekit/sequential';

interface Reference {
  bitsPerSpike: { shape: number[]; rates: number[]; spikes: number[]; bps: number; perNeuron: number[]; spikesWithNaN: (number | null)[]; bpsWithNaN: number };
  r2: { neurons: number; truth: number[]; pred: number[]; uniform: number; varianceWeighted: number; perNeuron: number[] };
  ridge: { n: number; p: number; k: number; alphas: number[]; X: number[]; Y: number[]; cvScores: number[]; cvMean: number; alpha: number; coef: number[]; intercept: number[]; Y1: number[]; alpha1: number; coef1: number[]; intercept1: number };
  poisson: { X: number[]; y: number[]; p: number; alpha: number; coef: number[]; intercept: number; coef0: number[]; intercept0: number };
}
const ref = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/reference.json', import.meta.url)), 'utf8')) as Reference;

const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThan(tol * Math.max(1, Math.abs(b)));

describe('metrics against scikit-learn / nlb_tools fixtures', () => {
  it('co-smoothing bits per spike equals nlb_tools.bits_per_spike (pooled, per neuron, with NaN spikes)', () => {
    const b = ref.bitsPerSpike;
    const neurons = b.shape[2];
    const got = bitsPerSpike(b.rates, b.spikes, neurons);
    close(got.bitsPerSpike, b.bps, 1e-10);
    got.perNeuron.forEach((v, n) => close(v, b.perNeuron[n], 1e-10));
    const withNaN = bitsPerSpike(b.rates, b.spikesWithNaN.map((v) => (v === null ? NaN : v)), neurons);
    close(withNaN.bitsPerSpike, b.bpsWithNaN, 1e-10);
    // the null model (each neuron's mean) scores exactly 0
    const means = Array.from({ length: neurons }, (_, n) => b.spikes.filter((_, i) => i % neurons === n).reduce((s, v) => s + v, 0) / (b.spikes.length / neurons));
    expect(Math.abs(bitsPerSpike(b.spikes.map((_, i) => means[i % neurons]), b.spikes, neurons).bitsPerSpike)).toBeLessThan(1e-12);
  });

  it('rate R² equals sklearn r2_score (uniform, variance-weighted, per neuron)', () => {
    const r = ref.r2;
    const got = rateR2(r.pred, r.truth, r.neurons);
    close(got.mean, r.uniform, 1e-10);
    close(got.varianceWeighted, r.varianceWeighted, 1e-10);
    got.perNeuron.forEach((v, n) => close(v, r.perNeuron[n], 1e-10));
  });

  it('ridgeCv picks the alpha of sklearn RidgeCV (efficient LOO) and its coefficients', () => {
    const r = ref.ridge;
    const fit = ridgeCv(r.X, r.Y, r.p, r.k, r.alphas);
    expect(fit.alpha).toBe(r.alpha);
    Array.from(fit.coef).forEach((v, i) => close(v, r.coef[i], 1e-8));
    Array.from(fit.intercept).forEach((v, i) => close(v, r.intercept[i], 1e-8));
    const one = ridgeCv(r.X, r.Y1, r.p, 1, r.alphas);
    expect(one.alpha).toBe(r.alpha1);
    expect(one.alpha).toBeGreaterThan(1); // the noisy target needs a large penalty
    Array.from(one.coef).forEach((v, i) => close(v, r.coef1[i], 1e-8));
    close(one.intercept[0], r.intercept1, 1e-8);
  });

  it('cross-validated decoding R² equals cross_val_score(RidgeCV(alphas), X, Y, cv=KFold(5))', () => {
    const r = ref.ridge;
    const got = crossValidatedRidgeR2(r.X, r.Y, { features: r.p, targets: r.k, folds: 5, alphas: r.alphas });
    got.folds.forEach((v, i) => close(v, r.cvScores[i], 1e-8));
    close(got.r2, r.cvMean, 1e-8);
  });

  it('Poisson regression equals sklearn PoissonRegressor (alpha 0.01 and 0)', () => {
    const p = ref.poisson;
    for (const [alpha, coef, intercept] of [[p.alpha, p.coef, p.intercept], [0, p.coef0, p.intercept0]] as const) {
      const glm = fitPoissonGlm(p.X, p.y, p.p, { alpha });
      Array.from(glm.coef).forEach((v, i) => close(v, coef[i], 1e-5));
      close(glm.intercept, intercept, 1e-5);
    }
  });
});

describe('Gaussian smoothing', () => {
  it('keeps a constant rate constant (edges renormalised) and spreads a spike as a normalised Gaussian', () => {
    const bins = 41;
    const flat = spikeCounts({ data: new Float32Array(bins).fill(2), trials: 1, bins, neurons: 1 });
    gaussianSmooth(flat, 3).forEach((v) => expect(Math.abs(v - 2)).toBeLessThan(1e-6));
    const spike = new Float32Array(bins);
    spike[20] = 1;
    const s = gaussianSmooth(spikeCounts({ data: spike, trials: 1, bins, neurons: 1 }), 2);
    const total = s.reduce((a, b) => a + b, 0);
    expect(Math.abs(total - 1)).toBeLessThan(1e-6);
    // ratio of neighbours is the Gaussian's: exp(-(1² - 0²)/(2σ²))
    expect(Math.abs(s[21] / s[20] - Math.exp(-1 / 8))).toBeLessThan(1e-6);
    expect(Math.abs(s[24] / s[20] - Math.exp(-16 / 8))).toBeLessThan(1e-6);
  });
});
