import { contingencyTable } from './contingency.js';

function entropy(sizes: Float64Array, n: number): number {
  let h = 0;
  for (let i = 0; i < sizes.length; i++) {
    const p = sizes[i] / n;
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}

/**
 * Normalised mutual information with arithmetic normalisation, MI / ((H(a) + H(b)) / 2), as sklearn's
 * `normalized_mutual_info_score` (default `average_method='arithmetic'`). In [0, 1]; 1 when both
 * labelings put everything in one cluster, 0 when their mutual information is below float64 epsilon.
 */
export function normalizedMutualInfo(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const t = contingencyTable(a, b, 'normalizedMutualInfo');
  if (t.rows === 1 && t.cols === 1) return 1;
  const n = t.n;
  let mi = 0;
  for (let i = 0; i < t.rows; i++) {
    for (let j = 0; j < t.cols; j++) {
      const c = t.counts[i * t.cols + j];
      if (c > 0) mi += (c / n) * Math.log((c * n) / (t.rowSums[i] * t.colSums[j]));
    }
  }
  if (Math.abs(mi) < Number.EPSILON) return 0;
  const normalizer = (entropy(t.rowSums, n) + entropy(t.colSums, n)) / 2;
  return Math.min(1, Math.max(0, mi / normalizer));
}
