import { InputError } from '../errors.js';
import { encodeLabels, expectLength } from './labels.js';
import { forEachDistanceTile } from './pairwise.js';
import { pointsToFloat64 } from './points.js';
import type { Points } from './points.js';

/**
 * Silhouette width of every point (Euclidean), as sklearn's `silhouette_samples`:
 * s(i) = (b − a) / max(a, b), with a the mean distance to the other members of i's cluster and b the
 * smallest mean distance to the members of another cluster; 0 for a point alone in its cluster (and
 * where a = b = 0). Needs 2 ≤ number of clusters ≤ n − 1. Time O(n² · dim / 2), memory O(n · clusters).
 */
export function silhouetteSamples(points: Points, labels: ArrayLike<number>): Float64Array {
  const fn = 'silhouetteSamples';
  const x = pointsToFloat64(points, fn);
  const { n, dim } = points;
  expectLength(labels, n, fn);
  const { codes, count, sizes } = encodeLabels(labels, fn);
  if (count < 2 || count > n - 1) {
    throw new InputError(
      `${fn}: ${count} distinct labels among ${n} points`,
      'the silhouette needs at least 2 clusters and fewer clusters than points',
    );
  }
  // sums[i * count + c]: total distance from point i to the points of cluster c.
  const sums = new Float64Array(n * count);
  forEachDistanceTile(x, n, dim, ({ i0, i1, j0, j1, d2 }) => {
    const w = j1 - j0;
    for (let i = i0; i < i1; i++) {
      const r = (i - i0) * w - j0;
      const ci = codes[i];
      const si = i * count;
      let j = j0 === i0 ? i + 1 : j0;
      for (; j < j1; j++) {
        const d = Math.sqrt(d2[r + j]);
        sums[si + codes[j]] += d;
        sums[j * count + ci] += d;
      }
    }
  });
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ci = codes[i];
    const own = sizes[ci];
    if (own <= 1) continue;
    const a = sums[i * count + ci] / (own - 1);
    let b = Infinity;
    for (let c = 0; c < count; c++) {
      if (c === ci) continue;
      const m = sums[i * count + c] / sizes[c];
      if (m < b) b = m;
    }
    const denom = Math.max(a, b);
    out[i] = denom > 0 ? (b - a) / denom : 0;
  }
  return out;
}

/** Mean silhouette width over all points (sklearn's `silhouette_score`, Euclidean, no sampling). */
export function silhouetteScore(points: Points, labels: ArrayLike<number>): number {
  const s = silhouetteSamples(points, labels);
  let total = 0;
  for (let i = 0; i < s.length; i++) total += s[i];
  return total / s.length;
}
