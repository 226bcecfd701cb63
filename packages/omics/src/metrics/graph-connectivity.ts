import { ConfigError } from '@vaekit/core';
import { membersOf, toCategories } from './categories.js';
import { neighbourGraph } from './neighbourhoods.js';
import type { EmbeddingOrGraph } from './neighbourhoods.js';

/** Options of {@link graphConnectivity}. */
export interface GraphConnectivityOptions {
  /** Neighbourhood size counting the cell itself, as scanpy's `n_neighbors`. Default 15 (14 other cells). */
  k?: number;
}

/** Result of {@link graphConnectivity}. */
export interface GraphConnectivityResult {
  /** Mean over cell types of (largest connected component / type size). 1: every type is one piece. */
  score: number;
  /** Per cell type, in increasing order of its code: the fraction of its cells in its largest component. */
  perLabel: { label: number; cells: number; largestComponent: number }[];
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

/**
 * Graph connectivity as scib's `graph_connectivity(adata, label_key)`: on the symmetrised k-NN graph
 * (an edge wherever one cell is among the other's k − 1 nearest neighbours: the support of scanpy's
 * UMAP connectivities), take each cell type's induced subgraph, find its connected components, and
 * average (largest component size / type size) over types. Union–find over same-type edges, O(n · k)
 * after the graph.
 */
export function graphConnectivity(
  input: EmbeddingOrGraph,
  labels: ArrayLike<number>,
  options: GraphConnectivityOptions = {},
): GraphConnectivityResult {
  const fn = 'graphConnectivity';
  const k = options.k ?? 15;
  if (!Number.isInteger(k) || k < 2) throw new ConfigError(`${fn}: k must be an integer ≥ 2 (the cell and a neighbour), got ${k}`);
  const label = toCategories(labels, input.n, fn, 'labels');
  const graph = neighbourGraph(input, k - 1, fn);
  const parent = Int32Array.from({ length: graph.n }, (_, i) => i);
  for (let i = 0; i < graph.n; i++) {
    for (let t = 0; t < graph.k; t++) {
      const j = graph.indices[i * graph.k + t];
      if (label.codes[j] !== label.codes[i]) continue;
      const a = find(parent, i);
      const b = find(parent, j);
      if (a !== b) parent[a] = b;
    }
  }
  const componentSize = new Int32Array(graph.n);
  for (let i = 0; i < graph.n; i++) componentSize[find(parent, i)] += 1;
  const perLabel = membersOf(label).map((cells, c) => {
    let largest = 0;
    for (const i of cells) largest = Math.max(largest, componentSize[find(parent, i)]);
    return { label: label.values[c], cells: cells.length, largestComponent: largest / cells.length };
  });
  const score = perLabel.reduce((s, l) => s + l.largestComponent, 0) / perLabel.length;
  return { score, perLabel };
}
