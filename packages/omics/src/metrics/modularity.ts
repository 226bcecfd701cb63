import { InputError } from '@vaekit/core';
import type { WeightedGraph } from './weighted-graph.js';

/**
 * Newman–Girvan modularity of a partition with resolution γ (networkx's `modularity`):
 * Q = Σ_c [ L_c / m − γ (d_c / 2m)² ], with L_c the weight of the edges inside community c, d_c the
 * sum of its nodes' weighted degrees and m the total edge weight.
 */
export function modularity(graph: WeightedGraph, communities: ArrayLike<number>, resolution = 1): number {
  const { n, offsets, targets, weights } = graph;
  if (communities.length !== n) throw new InputError(`modularity: ${communities.length} communities for ${n} nodes`, 'pass one community per node');
  const inside = new Map<number, number>();
  const degree = new Map<number, number>();
  let twoM = 0;
  for (let i = 0; i < n; i++) {
    const ci = communities[i];
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const w = weights[e];
      twoM += w;
      degree.set(ci, (degree.get(ci) ?? 0) + w);
      if (communities[targets[e]] === ci) inside.set(ci, (inside.get(ci) ?? 0) + w);
    }
  }
  if (twoM === 0) throw new InputError('modularity: the graph has no edges');
  let q = 0;
  for (const [c, d] of degree) q += (inside.get(c) ?? 0) / twoM - resolution * (d / twoM) ** 2;
  return q;
}
