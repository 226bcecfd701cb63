import { ConfigError, InputError } from '@vaekit/core';
import { solveSpd } from './linalg.js';

/** A fitted Poisson regression: rate = exp(x·coef + intercept). */
export interface PoissonGlm {
  coef: Float64Array;
  intercept: number;
}

/**
 * Poisson regression with an L2 penalty as scikit-learn's PoissonRegressor (which nlb_tools' smoothing
 * baseline uses): minimises (1/n)·Σ (exp(η_i) − y_i·η_i) + (α/2)·‖coef‖², η = x·coef + intercept
 * (intercept unpenalised), by Newton's method with step halving. x [n, p] row-major, y [n] counts.
 */
export function fitPoissonGlm(x: ArrayLike<number>, y: ArrayLike<number>, features: number, options: { alpha?: number; maxIter?: number; tol?: number } = {}): PoissonGlm {
  const p = features;
  const n = y.length;
  if (x.length !== n * p) throw new InputError(`fitPoissonGlm: x has ${x.length} values, expected ${n} rows × ${p} features`);
  const alpha = options.alpha ?? 0;
  if (!(alpha >= 0)) throw new ConfigError(`fitPoissonGlm: alpha must be ≥ 0, got ${alpha}`);
  const q = p + 1; // last parameter: intercept
  const w = new Float64Array(q);
  let ySum = 0;
  for (let i = 0; i < n; i++) ySum += y[i];
  w[p] = Math.log(Math.max(ySum / n, 1e-10));
  const objective = (params: Float64Array) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      let eta = params[p];
      for (let j = 0; j < p; j++) eta += x[i * p + j] * params[j];
      eta = Math.min(eta, 50);
      f += Math.exp(eta) - y[i] * eta;
    }
    let pen = 0;
    for (let j = 0; j < p; j++) pen += params[j] * params[j];
    return f / n + 0.5 * alpha * pen;
  };
  let f = objective(w);
  const grad = new Float64Array(q);
  const hess = new Float64Array(q * q);
  const row = new Float64Array(q);
  for (let iter = 0; iter < (options.maxIter ?? 100); iter++) {
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) row[j] = x[i * p + j];
      row[p] = 1;
      let eta = 0;
      for (let j = 0; j < q; j++) eta += row[j] * w[j];
      const mu = Math.exp(Math.min(eta, 50));
      const r = mu - y[i];
      for (let a = 0; a < q; a++) {
        grad[a] += r * row[a];
        const ma = mu * row[a];
        for (let b = a; b < q; b++) hess[a * q + b] += ma * row[b];
      }
    }
    for (let a = 0; a < q; a++) {
      grad[a] /= n;
      for (let b = a; b < q; b++) {
        hess[a * q + b] /= n;
        hess[b * q + a] = hess[a * q + b];
      }
    }
    for (let j = 0; j < p; j++) {
      grad[j] += alpha * w[j];
      hess[j * q + j] += alpha;
    }
    for (let j = 0; j < q; j++) hess[j * q + j] += 1e-10;
    const step = solveSpd(hess, grad, q);
    let t = 1;
    let next = Float64Array.from(w, (v, j) => v - t * step[j]);
    let fNext = objective(next);
    while (fNext > f && t > 1e-8) {
      t /= 2;
      next = Float64Array.from(w, (v, j) => v - t * step[j]);
      fNext = objective(next);
    }
    if (fNext > f) break;
    const decrease = f - fNext;
    w.set(next);
    f = fNext;
    if (decrease < (options.tol ?? 1e-10) * Math.max(1, Math.abs(f))) break;
  }
  return { coef: w.slice(0, p), intercept: w[p] };
}

/** Rates exp(x·coef + intercept) for x [n, p]. */
export function poissonGlmPredict(glm: PoissonGlm, x: ArrayLike<number>): Float64Array {
  const p = glm.coef.length;
  const n = x.length / p;
  return Float64Array.from({ length: n }, (_, i) => {
    let eta = glm.intercept;
    for (let j = 0; j < p; j++) eta += x[i * p + j] * glm.coef[j];
    return Math.exp(Math.min(eta, 50));
  });
}
