import { asPoints, kmeans, silhouetteScore } from '@vaekit/core/metrics';

export interface Clusters {
  k: number;
  labels: Int32Array;
  /** How k was chosen. */
  chosenBy: 'request' | 'labels' | 'silhouette' | 'trivial';
}

/** Cells used to score each k by silhouette (a fixed-seed subsample beyond this). */
const SILHOUETTE_CELLS = 1500;

/**
 * k-means (core's, k-means++ with a fixed seed) on the latent means. k is the requested one, else
 * the number of distinct labels the file carries (2–30), else the k in 2…`maxK` with the highest
 * silhouette on a subsample of the cells.
 */
export function clusterLatent(latent: Float32Array, n: number, d: number, options: { k?: number; labelCount?: number; maxK?: number } = {}): Clusters {
  if (n < 3) return { k: 1, labels: new Int32Array(n), chosenBy: 'trivial' };
  const points = asPoints(latent, d);
  const fit = (k: number) => kmeans(points, Math.min(k, n), { seed: 0, nInit: 3, maxIter: 100 }).labels;
  if (options.k !== undefined) return { k: Math.min(options.k, n), labels: fit(options.k), chosenBy: 'request' };
  if (options.labelCount !== undefined && options.labelCount >= 2 && options.labelCount <= 30) {
    return { k: Math.min(options.labelCount, n), labels: fit(options.labelCount), chosenBy: 'labels' };
  }
  const maxK = Math.min(options.maxK ?? 10, n - 1);
  const sub = subsample(n, SILHOUETTE_CELLS);
  const subPoints = asPoints(Float32Array.from(sub.flatMap((i) => Array.from(latent.subarray(i * d, (i + 1) * d)))), d);
  let best = { k: 2, score: -Infinity };
  for (let k = 2; k <= maxK; k++) {
    const labels = kmeans(subPoints, k, { seed: 0, nInit: 3, maxIter: 100 }).labels;
    if (new Set(labels).size < 2) continue;
    const score = silhouetteScore(subPoints, labels);
    if (score > best.score + 1e-9) best = { k, score };
  }
  return { k: best.k, labels: fit(best.k), chosenBy: 'silhouette' };
}

/** Up to `max` evenly spaced indices of 0…n−1. */
function subsample(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * n) / max));
}
