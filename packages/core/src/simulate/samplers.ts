import type { SeededRandom } from '../data/seeded-random.js';

/** Standard normal draw (Box–Muller). */
export function normalSample(rng: SeededRandom): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Gamma(shape, 1) draw (Marsaglia–Tsang 2000; shape < 1 by the boost u^(1/shape)). */
export function gammaSample(rng: SeededRandom, shape: number): number {
  if (shape < 1) return gammaSample(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalSample(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Poisson(rate) draw: inversion for small rates, PTRS transformed rejection (Hörmann 1993) above 10. */
export function poissonSample(rng: SeededRandom, rate: number): number {
  if (!(rate > 0)) return 0;
  if (rate < 10) {
    let k = 0;
    let p = Math.exp(-rate);
    let cdf = p;
    const u = rng.next();
    while (u > cdf && k < 1000) {
      k++;
      p *= rate / k;
      cdf += p;
    }
    return k;
  }
  const slam = Math.sqrt(rate);
  const logLam = Math.log(rate);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -rate + k * logLam - lgammaJs(k + 1)) return k;
  }
}

/** log Γ(x) in float64 (Lanczos, g = 7), for x > 0. */
export function lgammaJs(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgammaJs(1 - x);
  const xx = x - 1;
  let a = c[0];
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}
