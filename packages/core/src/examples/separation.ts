/**
 * Leave-one-out nearest-centroid accuracy of labels in an embedding: a quick, parameter-free
 * check that a latent space separates known groups (1/k is chance for k balanced groups).
 */
export function nearestCentroidAccuracy(points: number[][], labels: number[]): number {
  const k = Math.max(...labels) + 1;
  const d = points[0].length;
  const sums = Array.from({ length: k }, () => new Float64Array(d));
  const counts = new Float64Array(k);
  points.forEach((p, i) => {
    counts[labels[i]]++;
    p.forEach((v, j) => (sums[labels[i]][j] += v));
  });
  let correct = 0;
  points.forEach((p, i) => {
    let best = -1;
    let bestDist = Infinity;
    for (let c = 0; c < k; c++) {
      const own = c === labels[i];
      const n = counts[c] - (own ? 1 : 0);
      if (n <= 0) continue;
      let dist = 0;
      for (let j = 0; j < d; j++) dist += (p[j] - (sums[c][j] - (own ? p[j] : 0)) / n) ** 2;
      if (dist < bestDist) {
        bestDist = dist;
        best = c;
      }
    }
    if (best === labels[i]) correct++;
  });
  return correct / points.length;
}
