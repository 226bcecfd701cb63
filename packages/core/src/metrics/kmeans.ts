import { ConfigError, InputError } from '../errors.js';
import { rngFromSeed } from '../math/rng.js';
import type { Rng } from '../math/rng.js';
import { pointsToFloat64 } from './points.js';
import type { Points } from './points.js';

/** Options of {@link kmeans}. */
export interface KMeansOptions {
  /** Seed of the k-means++ initialisations; random when omitted. */
  seed?: number;
  /** Independent initialisations; the run with the lowest inertia is returned. Default 10. */
  nInit?: number;
  /** Lloyd iterations per initialisation. Default 300. */
  maxIter?: number;
  /**
   * Convergence tolerance, relative to the mean per-feature variance (as sklearn): a run stops when
   * the squared centre shift summed over centres is at most tol × mean variance. Default 1e-4.
   */
  tol?: number;
}

/** A k-means clustering. */
export interface KMeansResult {
  /** Cluster of each point, 0 … k − 1. */
  labels: Int32Array;
  /** Row-major k × dim cluster centres. */
  centers: Float64Array;
  /** Sum of squared distances of the points to their closest centre. */
  inertia: number;
  /** Lloyd iterations of the returned run. */
  iterations: number;
}

function sqDist(x: Float64Array, a: number, c: Float64Array, b: number, dim: number): number {
  let s = 0;
  for (let t = 0; t < dim; t++) {
    const d = x[a + t] - c[b + t];
    s += d * d;
  }
  return s;
}

/** Greedy k-means++ (Arthur & Vassilvitskii 2007, with sklearn's 2 + ⌊ln k⌋ candidates per step). */
function kmeansPlusPlus(x: Float64Array, n: number, dim: number, k: number, rng: Rng): Float64Array {
  const centers = new Float64Array(k * dim);
  const trials = 2 + Math.floor(Math.log(k));
  const first = Math.floor(rng.uniform() * n);
  centers.set(x.subarray(first * dim, first * dim + dim), 0);
  const closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = sqDist(x, i * dim, centers, 0, dim);
    potential += closest[i];
  }
  const candidate = new Float64Array(n);
  const best = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let bestIndex = -1;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      // Sample a point with probability proportional to its squared distance to the chosen centres.
      let r = rng.uniform() * potential;
      let pick = n - 1;
      for (let i = 0; i < n; i++) {
        r -= closest[i];
        if (r < 0) {
          pick = i;
          break;
        }
      }
      let p = 0;
      for (let i = 0; i < n; i++) {
        const d = Math.min(closest[i], sqDist(x, i * dim, x, pick * dim, dim));
        candidate[i] = d;
        p += d;
      }
      if (p < bestPotential) {
        bestPotential = p;
        bestIndex = pick;
        best.set(candidate);
      }
    }
    centers.set(x.subarray(bestIndex * dim, bestIndex * dim + dim), c * dim);
    closest.set(best);
    potential = bestPotential;
  }
  return centers;
}

/** Assigns every point to its closest centre; returns the inertia. */
function assign(x: Float64Array, n: number, dim: number, centers: Float64Array, k: number, labels: Int32Array, dist: Float64Array): number {
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let bestC = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const d = sqDist(x, i * dim, centers, c * dim, dim);
      if (d < bestD) {
        bestD = d;
        bestC = c;
      }
    }
    labels[i] = bestC;
    dist[i] = bestD;
    inertia += bestD;
  }
  return inertia;
}

function lloyd(x: Float64Array, n: number, dim: number, k: number, init: Float64Array, maxIter: number, tol: number): KMeansResult {
  let centers: Float64Array = init;
  let next: Float64Array = new Float64Array(k * dim);
  const labels = new Int32Array(n).fill(-1);
  const previous = new Int32Array(n);
  const dist = new Float64Array(n);
  const sizes = new Int32Array(k);
  let inertia = assign(x, n, dim, centers, k, labels, dist);
  let iterations = 0;
  while (iterations < maxIter) {
    iterations += 1;
    // M-step: centres are the means of their points; an empty cluster takes the point farthest
    // from its centre (as sklearn), which then leaves its own cluster.
    next.fill(0);
    sizes.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      sizes[c] += 1;
      for (let t = 0; t < dim; t++) next[c * dim + t] += x[i * dim + t];
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c] > 0) continue;
      let far = -1;
      for (let i = 0; i < n; i++) {
        if (sizes[labels[i]] > 1 && (far < 0 || dist[i] > dist[far])) far = i;
      }
      if (far < 0) break;
      const from = labels[far];
      for (let t = 0; t < dim; t++) {
        next[from * dim + t] -= x[far * dim + t];
        next[c * dim + t] = x[far * dim + t];
      }
      sizes[from] -= 1;
      sizes[c] = 1;
      labels[far] = c;
      dist[far] = 0;
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      for (let t = 0; t < dim; t++) {
        const v = next[c * dim + t] / sizes[c];
        next[c * dim + t] = v;
        const d = v - centers[c * dim + t];
        shift += d * d;
      }
    }
    [centers, next] = [next, centers];
    previous.set(labels);
    inertia = assign(x, n, dim, centers, k, labels, dist);
    let changed = false;
    for (let i = 0; i < n && !changed; i++) changed = labels[i] !== previous[i];
    if (!changed || shift <= tol) break;
  }
  return { labels, centers, inertia, iterations };
}

/**
 * k-means clustering: k-means++ initialisation, then Lloyd iterations until the assignments stop
 * changing, the centres move less than the tolerance, or `maxIter`; best of `nInit` runs by inertia.
 * Seeded: the same seed gives the same clustering. O(nInit · iterations · n · k · dim) time.
 */
export function kmeans(points: Points, k: number, options: KMeansOptions = {}): KMeansResult {
  const fn = 'kmeans';
  const x = pointsToFloat64(points, fn);
  const { n, dim } = points;
  const nInit = options.nInit ?? 10;
  const maxIter = options.maxIter ?? 300;
  const relTol = options.tol ?? 1e-4;
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new InputError(`${fn}: k = ${k} clusters asked of ${n} points`, `k must be an integer in [1, ${n}]`);
  }
  if (!Number.isInteger(nInit) || nInit < 1) throw new ConfigError(`${fn}: nInit must be a positive integer, got ${nInit}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new ConfigError(`${fn}: maxIter must be a positive integer, got ${maxIter}`);
  if (!(relTol >= 0)) throw new ConfigError(`${fn}: tol must be non-negative, got ${relTol}`);
  // sklearn's tolerance: tol × mean over features of the feature variance.
  let meanVar = 0;
  for (let t = 0; t < dim; t++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * dim + t];
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[i * dim + t] - m) ** 2;
    meanVar += v / n;
  }
  const tol = (relTol * meanVar) / dim;
  const rng = rngFromSeed(options.seed);
  let best: KMeansResult | undefined;
  for (let run = 0; run < nInit; run++) {
    const result = lloyd(x, n, dim, k, kmeansPlusPlus(x, n, dim, k, rng), maxIter, tol);
    if (best === undefined || result.inertia < best.inertia) best = result;
  }
  return best as KMeansResult;
}
