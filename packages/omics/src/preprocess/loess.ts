import { ConfigError, InputError } from '@vaekit/core';
import { buildLoessKdTree, findLeaf } from './loess-kd-tree.js';
import { loessLocalFit } from './loess-local-fit.js';

/** Options of {@link loess}. */
export interface LoessOptions {
  /** Fraction of the points in each local fit (default 0.75, loess's; scanpy's HVG passes 0.3). */
  span?: number;
  /** Degree of the local polynomial: 0, 1 or 2 (default 2). */
  degree?: number;
  /**
   * 'interpolate' (default, as loess / scikit-misc / R): exact local fits at the vertices of a
   * k-d tree, cubic Hermite interpolation in between. 'direct': an exact local fit at every point
   * (slower: O(n · span · n)).
   */
  surface?: 'interpolate' | 'direct';
  /** Cell size of the k-d tree as a fraction of span (default 0.2): leaves hold ≤ ⌊n·span·cell⌋ points. */
  cell?: number;
}

/** Fitted values of a loess smooth, and how many local fits needed a pseudo-inverse. */
export interface LoessFit {
  fitted: Float64Array;
  singularFits: number;
}

/**
 * Cleveland's loess for one predictor, Gaussian family (no robustness iterations), unit
 * weights — what `skmisc.loess.loess(x, y, span, degree).fit()` computes, with its fitted
 * values at x. Local quadratic (or linear / constant) weighted least squares with tricube
 * weights over the ⌊n·span⌋ nearest points; with the default `surface = 'interpolate'` these
 * fits are made only at the vertices of loess's k-d tree (value and slope) and blended by cubic
 * Hermite interpolation, exactly as netlib loess does (`lowesb`/`lowese`).
 * Throws a ConfigError for invalid options and an InputError for non-finite or too few points.
 */
export function loess(x: ArrayLike<number>, y: ArrayLike<number>, options: LoessOptions = {}): LoessFit {
  const span = options.span ?? 0.75;
  const degree = options.degree ?? 2;
  const surface = options.surface ?? 'interpolate';
  const cell = options.cell ?? 0.2;
  if (!(span > 0)) throw new ConfigError(`loess: span must be positive, got ${span}`);
  if (![0, 1, 2].includes(degree)) throw new ConfigError(`loess: degree must be 0, 1 or 2, got ${degree}`);
  if (!(cell > 0)) throw new ConfigError(`loess: cell must be positive, got ${cell}`);
  if (surface !== 'interpolate' && surface !== 'direct') throw new ConfigError(`loess: unknown surface "${String(surface)}"`, "use 'interpolate' or 'direct'");
  const n = x.length;
  if (y.length !== n) throw new InputError(`loess: x has ${n} values, y has ${y.length}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) throw new InputError(`loess: point ${i} is not finite (x = ${x[i]}, y = ${y[i]})`);
  }
  const nf = Math.min(n, Math.floor(n * span + 1e-5));
  if (nf <= 0 || degree + 1 > nf - 1) {
    throw new InputError(`loess: span ${span} of ${n} points leaves ${nf} points per local fit, too few for degree ${degree}`, 'use a larger span or more points');
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
  const xs = Float64Array.from(order, (i) => x[i]);
  const ys = Float64Array.from(order, (i) => y[i]);
  const work = new Float64Array(4 * nf);
  const fitted = new Float64Array(n);
  let singularFits = 0;
  if (surface === 'direct') {
    // The fit depends on the point only through its x: fit once per distinct value.
    let value = NaN;
    for (let s = 0; s < n; s++) {
      if (s === 0 || xs[s] !== xs[s - 1]) {
        const f = loessLocalFit(xs, ys, xs[s], nf, span, degree, work);
        if (f.singular) singularFits++;
        value = f.value;
      }
      fitted[order[s]] = value;
    }
    return { fitted, singularFits };
  }
  const tree = buildLoessKdTree(xs, Math.floor(n * (span * cell)));
  const value = new Float64Array(tree.vertices.length);
  const slope = new Float64Array(tree.vertices.length);
  tree.vertices.forEach((v, i) => {
    const f = loessLocalFit(xs, ys, v, nf, span, degree, work);
    if (f.singular) singularFits++;
    value[i] = f.value;
    slope[i] = f.slope;
  });
  for (let i = 0; i < n; i++) {
    const z = x[i];
    const leaf = findLeaf(tree, z);
    const a = tree.left[leaf];
    const b = tree.right[leaf];
    const width = tree.vertices[b] - tree.vertices[a];
    const h = (z - tree.vertices[a]) / width;
    const phi0 = (1 - h) ** 2 * (1 + 2 * h);
    const phi1 = h ** 2 * (3 - 2 * h);
    const psi0 = h * (1 - h) ** 2;
    const psi1 = h ** 2 * (h - 1);
    fitted[i] = phi0 * value[a] + phi1 * value[b] + (psi0 * slope[a] + psi1 * slope[b]) * width;
  }
  return { fitted, singularFits };
}
