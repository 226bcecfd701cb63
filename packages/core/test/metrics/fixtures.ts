/** The committed sklearn / scipy references for the metrics tests (see fixtures/make_metrics_fixtures.py). */
import { readFileSync } from 'node:fs';

export interface ClusteringCase {
  name: string;
  a: number[];
  b: number[];
  ari: number;
  nmi: number;
}

export interface PointCase {
  name: string;
  dim: number;
  points: number[];
}

export interface SilhouetteCase extends PointCase {
  labels: number[];
  samples: number[];
  score: number;
}

export interface KMeansCase extends PointCase {
  k: number;
  truth: number[];
  labels: number[];
  inertia: number;
}

export interface KnnCase extends PointCase {
  k: number;
  indices: number[];
  distances: number[];
}

export interface CorrelationCase {
  name: string;
  x: number[];
  y: number[];
  pearson: number;
  spearman: number;
  r2: number;
}

export interface MetricsFixtures {
  clustering: ClusteringCase[];
  silhouette: SilhouetteCase[];
  kmeans: KMeansCase[];
  knn: KnnCase[];
  correlation: CorrelationCase[];
}

export const fixtures = JSON.parse(readFileSync(new URL('./fixtures/metrics.json', import.meta.url), 'utf8')) as MetricsFixtures;

/** Deterministic integer labels in [0, k) (a small LCG, independent of the code under test). */
export function lcgLabels(n: number, k: number, seed: number): Int32Array {
  const out = new Int32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = Math.floor((s / 4294967296) * k);
  }
  return out;
}
