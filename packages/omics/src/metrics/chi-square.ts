import { lgammaNumber } from '@vaekit/core';

const EPS = 1e-15;
const MAX_TERMS = 10_000;

/** Regularised lower incomplete gamma P(a, x) by its series (converges fast for x < a + 1). */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lgammaNumber(a));
}

/** Regularised upper incomplete gamma Q(a, x) by Lentz's continued fraction (for x ≥ a + 1). */
function upperFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - lgammaNumber(a)) * h;
}

/**
 * Survival function of the χ² distribution, P(X ≥ x) for `dof` degrees of freedom (R's
 * `1 - pchisq(x, dof)`, computed without the cancellation): Q(dof / 2, x / 2).
 */
export function chiSquareSurvival(x: number, dof: number): number {
  if (x <= 0) return 1;
  const a = dof / 2;
  const y = x / 2;
  return y < a + 1 ? 1 - lowerSeries(a, y) : upperFraction(a, y);
}
