import { symmetricEigen } from '@vaekit/core/metrics';

/** A 2-D map of the cells: coordinates per cell and how it was made. */
export interface Map2d {
  method: 'umap' | 'pca';
  x: Float32Array;
  y: Float32Array;
  /** PCA: fraction of the variance each axis explains. */
  explained?: [number, number];
}

/**
 * The first two principal components of the rows of `data` (n × d, row-major): centred, projected
 * on the top eigenvectors of the covariance. Each axis's sign is fixed so that its largest
 * loading is positive (PCA's sign is otherwise arbitrary), which makes maps reproducible.
 */
export function pca2(data: Float32Array, n: number, d: number): Map2d {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= Math.max(1, n);
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j] - mean[j];
    for (let a = 0; a < d; a++) {
      const ra = row[a];
      for (let b = a; b < d; b++) cov[a * d + b] += ra * row[b];
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b] /= Math.max(1, n - 1);
      cov[b * d + a] = cov[a * d + b];
    }
  }
  const { values, vectors } = symmetricEigen(cov, d);
  const axes = [0, 1].map((k) => {
    if (k >= d) return new Float64Array(d);
    const axis = Float64Array.from({ length: d }, (_, i) => vectors[i * d + k]);
    let big = 0;
    for (let i = 1; i < d; i++) if (Math.abs(axis[i]) > Math.abs(axis[big]) + 1e-12) big = i;
    if (axis[big] < 0) for (let i = 0; i < d; i++) axis[i] = -axis[i];
    return axis;
  });
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let px = 0;
    let py = 0;
    for (let j = 0; j < d; j++) {
      const c = data[i * d + j] - mean[j];
      px += c * axes[0][j];
      py += c * axes[1][j];
    }
    x[i] = px;
    y[i] = py;
  }
  const total = values.reduce((s, v) => s + Math.max(0, v), 0);
  const explained: [number, number] = total > 0 ? [Math.max(0, values[0]) / total, d > 1 ? Math.max(0, values[1]) / total : 0] : [0, 0];
  return { method: 'pca', x, y, explained };
}
