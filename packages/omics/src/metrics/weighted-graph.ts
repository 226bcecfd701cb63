import { InputError } from '@vaekit/core';
import type { KnnGraph } from '@vaekit/core';

/**
 * An undirected weighted graph without self-loops, as CSR: the neighbours of node i are
 * `targets[offsets[i] .. offsets[i + 1])` with `weights` alongside; every edge is stored in both directions.
 */
export interface WeightedGraph {
  n: number;
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
}

/**
 * The symmetrised k-NN graph with unit weights: an edge between i and j wherever j is among i's
 * neighbours or i among j's (the support of scanpy's UMAP connectivities). O(n · k log k).
 */
export function knnAdjacency(knn: KnnGraph): WeightedGraph {
  const { n, k, indices } = knn;
  const lists: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const j = indices[i * k + t];
      if (j === i) continue;
      lists[i].push(j);
      lists[j].push(i);
    }
  }
  const offsets = new Int32Array(n + 1);
  const targets: number[] = [];
  for (let i = 0; i < n; i++) {
    const sorted = lists[i].sort((a, b) => a - b);
    for (let t = 0; t < sorted.length; t++) if (t === 0 || sorted[t] !== sorted[t - 1]) targets.push(sorted[t]);
    offsets[i + 1] = targets.length;
  }
  return { n, offsets, targets: Int32Array.from(targets), weights: new Float64Array(targets.length).fill(1) };
}

/** Checks a weighted graph's CSR arrays (sizes, indices in range, no self-loops, positive finite weights). */
export function checkWeightedGraph(graph: WeightedGraph, fn: string): void {
  const { n, offsets, targets, weights } = graph;
  if (offsets.length !== n + 1 || offsets[0] !== 0 || offsets[n] !== targets.length || weights.length !== targets.length) {
    throw new InputError(`${fn}: the graph's CSR arrays do not fit n = ${n}`, 'build it with knnAdjacency(knnGraph(points, k))');
  }
  for (let i = 0; i < n; i++) {
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const j = targets[e];
      if (!(j >= 0 && j < n) || j === i) throw new InputError(`${fn}: edge ${i} → ${j} is a self-loop or out of range`);
      if (!(weights[e] > 0) || !Number.isFinite(weights[e])) throw new InputError(`${fn}: edge ${i} → ${j} has weight ${weights[e]}`, 'weights must be positive and finite');
    }
  }
}
