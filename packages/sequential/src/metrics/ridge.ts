import { ConfigError, InputError } from '@vaekit/core';
import { symmetricEigen } from '@vaekit/core';

/** Default ridge penalties tried by RidgeCV-style selection. */
export const DEFAULT_ALPHAS = [1e-3, 1e-2, 1e-1, 1, 10, 100, 1000];

/** A fitted ridge regression y ≈ x·coef + intercept. */
export interface RidgeFit {
  alpha: number;
  /** [features, targets] row-major. */
  coef: Float64Array;
  /** [targets]. */
  intercept: Float64Array;
  features: number;
  targets: number;
}

/** Predictions [rows, targets] of a fitted ridge model for x [rows, features]. */
export function ridgePredict(fit: RidgeFit, x: ArrayLike<number>): Float64Array {
  const { features: p, targets: k } = fit;
  const n = x.length / p;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = fit.intercept[c];
      for (let j = 0; j < p; j++) s += x[i * p + j] * fit.coef[j * k + c];
      out[i * k + c] = s;
    }
  }
  return out;
}

function checkShapes(x: ArrayLike<number>, y: ArrayLike<number>, p: number, k: number, where: string): number {
  if (!(Number.isInteger(p) && p >= 1 && Number.isInteger(k) && k >= 1)) throw new ConfigError(`${where}: features and targets must be positive integers`);
  if (x.length % p !== 0) throw new InputError(`${where}: ${x.length} values are not whole rows of ${p} features`);
  const n = x.length / p;
  if (y.length !== n * k) throw new InputError(`${where}: x has ${n} rows but y has ${y.length / k} rows of ${k} targets`);
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) throw new InputError(`${where}: x has a non-finite value at row ${Math.floor(i / p)}`);
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new InputError(`${where}: y has a non-finite value at row ${Math.floor(i / k)}`, 'drop rows with missing targets first');
  return n;
}

/**
 * Ridge regression with an unpenalised intercept, the penalty chosen among `alphas` by exact
 * leave-one-out squared error (the efficient LOO of scikit-learn's RidgeCV, mean over samples and
 * targets; ties go to the first alpha). x [n, p], y [n, k] row-major.
 */
export function ridgeCv(x: ArrayLike<number>, y: ArrayLike<number>, features: number, targets: number, alphas: readonly number[] = DEFAULT_ALPHAS): RidgeFit {
  const p = features;
  const k = targets;
  const n = checkShapes(x, y, p, k, 'ridgeCv');
  if (alphas.length === 0 || alphas.some((a) => !(a > 0))) throw new ConfigError('ridgeCv: alphas must be positive numbers');
  if (n < 2) throw new InputError('ridgeCv: needs at least 2 rows');
  const xm = new Float64Array(p);
  const ym = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) xm[j] += x[i * p + j];
    for (let c = 0; c < k; c++) ym[c] += y[i * k + c];
  }
  xm.forEach((v, j) => (xm[j] = v / n));
  ym.forEach((v, c) => (ym[c] = v / n));
  const xc = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xc[i * p + j] = x[i * p + j] - xm[j];
  const gram = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      const va = xc[i * p + a];
      if (va === 0) continue;
      for (let b = a; b < p; b++) gram[a * p + b] += va * xc[i * p + b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) gram[a * p + b] = gram[b * p + a];
  const { values: lambda, vectors: v } = symmetricEigen(gram, p);
  // U = Xc·V [n, p]; Uᵀ·yc [p, k]
  const u = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < p; q++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += xc[i * p + j] * v[j * p + q];
      u[i * p + q] = s;
    }
  }
  const uty = new Float64Array(p * k);
  for (let i = 0; i < n; i++) for (let q = 0; q < p; q++) for (let c = 0; c < k; c++) uty[q * k + c] += u[i * p + q] * (y[i * k + c] - ym[c]);
  let best = 0;
  let bestErr = Infinity;
  alphas.forEach((alpha, ai) => {
    let err = 0;
    for (let i = 0; i < n; i++) {
      let h = 1 / n;
      for (let q = 0; q < p; q++) h += (u[i * p + q] * u[i * p + q]) / (Math.max(lambda[q], 0) + alpha);
      for (let c = 0; c < k; c++) {
        let fit = ym[c];
        for (let q = 0; q < p; q++) fit += (u[i * p + q] * uty[q * k + c]) / (Math.max(lambda[q], 0) + alpha);
        const loo = (y[i * k + c] - fit) / (1 - h);
        err += loo * loo;
      }
    }
    if (err < bestErr * (1 - 1e-12)) {
      bestErr = err;
      best = ai;
    }
  });
  const alpha = alphas[best];
  // coef = V·diag(1/(λ+α))·Uᵀyc
  const coef = new Float64Array(p * k);
  for (let j = 0; j < p; j++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let q = 0; q < p; q++) s += (v[j * p + q] * uty[q * k + c]) / (Math.max(lambda[q], 0) + alpha);
      coef[j * k + c] = s;
    }
  }
  const intercept = Float64Array.from(ym, (m, c) => {
    let s = m;
    for (let j = 0; j < p; j++) s -= xm[j] * coef[j * k + c];
    return s;
  });
  return { alpha, coef, intercept, features: p, targets: k };
}

/** sklearn's r2_score with multioutput='uniform_average' on [n, k]. */
export function r2UniformAverage(y: ArrayLike<number>, pred: ArrayLike<number>, k: number): number {
  const n = y.length / k;
  let total = 0;
  for (let c = 0; c < k; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i * k + c];
    mean /= n;
    let res = 0;
    let tot = 0;
    for (let i = 0; i < n; i++) {
      res += (y[i * k + c] - pred[i * k + c]) ** 2;
      tot += (y[i * k + c] - mean) ** 2;
    }
    total += tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
  }
  return total / k;
}

export interface DecodingR2 {
  /** Mean of the per-fold R² (as sklearn's cross_val_score(...).mean()). */
  r2: number;
  folds: number[];
  /** The penalty chosen in each fold. */
  alphas: number[];
}

/**
 * Cross-validated ridge decoding of a behavioural variable y [n, targets] from latents x [n, features]
 * (e.g. every bin of every trial): K contiguous folds (scikit-learn's KFold without shuffling), in each
 * a ridgeCv on the other folds, scored by R² (uniform average over targets) on the held-out fold.
 * Equals `cross_val_score(RidgeCV(alphas), x, y, cv=KFold(folds))` in scikit-learn.
 */
export function crossValidatedRidgeR2(x: ArrayLike<number>, y: ArrayLike<number>, options: { features: number; targets?: number; folds?: number; alphas?: readonly number[] }): DecodingR2 {
  const p = options.features;
  const k = options.targets ?? 1;
  const n = checkShapes(x, y, p, k, 'crossValidatedRidgeR2');
  const folds = options.folds ?? 5;
  if (!(Number.isInteger(folds) && folds >= 2)) throw new ConfigError(`crossValidatedRidgeR2: folds must be an integer ≥ 2, got ${folds}`);
  if (n < 2 * folds) throw new InputError(`crossValidatedRidgeR2: ${n} rows are too few for ${folds} folds`);
  const scores: number[] = [];
  const chosen: number[] = [];
  let start = 0;
  for (let f = 0; f < folds; f++) {
    const size = Math.floor(n / folds) + (f < n % folds ? 1 : 0);
    const end = start + size;
    const trainRows = n - size;
    const xt = new Float64Array(trainRows * p);
    const yt = new Float64Array(trainRows * k);
    let r = 0;
    for (let i = 0; i < n; i++) {
      if (i >= start && i < end) continue;
      for (let j = 0; j < p; j++) xt[r * p + j] = x[i * p + j];
      for (let c = 0; c < k; c++) yt[r * k + c] = y[i * k + c];
      r++;
    }
    const fit = ridgeCv(xt, yt, p, k, options.alphas);
    const xs = Float64Array.from({ length: size * p }, (_, i) => x[start * p + i]);
    const ys = Float64Array.from({ length: size * k }, (_, i) => y[start * k + i]);
    scores.push(r2UniformAverage(ys, ridgePredict(fit, xs), k));
    chosen.push(fit.alpha);
    start = end;
  }
  return { r2: scores.reduce((a, b) => a + b, 0) / folds, folds: scores, alphas: chosen };
}
