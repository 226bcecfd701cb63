import { ConfigError, rngFromSeed } from '@vaekit/core';
import type { Rng } from '@vaekit/core';
import { modularity } from './modularity.js';
import { neighbourGraph } from './neighbourhoods.js';
import type { EmbeddingOrGraph } from './neighbourhoods.js';
import { checkWeightedGraph, knnAdjacency } from './weighted-graph.js';
import type { WeightedGraph } from './weighted-graph.js';

/** Options of {@link louvain}. */
export interface LouvainOptions {
  /** Resolution γ of the modularity: larger gives more, smaller communities. Default 1. */
  resolution?: number;
  /** Seed of the node visiting order; random when omitted. */
  seed?: number;
  /** For points or a k-NN graph: neighbourhood size counting the cell, as scanpy's `n_neighbors`. Default 15. */
  k?: number;
}

/** A Louvain partition. */
export interface LouvainResult {
  /** Community of every node, 0 … count − 1, numbered by decreasing size. */
  labels: Int32Array;
  count: number;
  /** Modularity of the partition at the given resolution. */
  modularity: number;
  /** Aggregation levels run. */
  levels: number;
}

/** One level of the aggregated graph: CSR without self-loops, plus each node's internal weight. */
interface Level extends WeightedGraph {
  /** Σ_{i,j ∈ node} A_ij of the original nodes merged into this one (both directions). */
  loops: Float64Array;
  degree: Float64Array;
}

function shuffled(n: number, rng: Rng): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** Local moving: each node in turn joins the neighbouring community with the largest modularity gain. */
function moveNodes(level: Level, gamma: number, twoM: number, rng: Rng): { community: Int32Array; moved: boolean } {
  const { n, offsets, targets, weights, degree } = level;
  const community = Int32Array.from({ length: n }, (_, i) => i);
  const total = Float64Array.from(degree);
  const linkTo = new Float64Array(n).fill(-1);
  const touched = new Int32Array(n);
  const order = shuffled(n, rng);
  let moved = false;
  for (let sweep = 0; sweep < 1000; sweep++) {
    let changed = 0;
    for (const i of order) {
      const own = community[i];
      const ki = degree[i];
      let count = 0;
      linkTo[own] = 0;
      touched[count++] = own;
      for (let e = offsets[i]; e < offsets[i + 1]; e++) {
        const c = community[targets[e]];
        if (linkTo[c] < 0) {
          linkTo[c] = 0;
          touched[count++] = c;
        }
        linkTo[c] += weights[e];
      }
      total[own] -= ki;
      let best = own;
      let bestGain = linkTo[own] - (gamma * total[own] * ki) / twoM;
      for (let t = 1; t < count; t++) {
        const c = touched[t];
        const gain = linkTo[c] - (gamma * total[c] * ki) / twoM;
        if (gain > bestGain + 1e-12 * (Math.abs(bestGain) + 1)) {
          best = c;
          bestGain = gain;
        }
      }
      total[best] += ki;
      community[i] = best;
      if (best !== own) changed += 1;
      for (let t = 0; t < count; t++) linkTo[touched[t]] = -1;
    }
    if (changed === 0) break;
    moved = true;
  }
  return { community, moved };
}

/** Renumbers communities densely (0 … C − 1, in order of first member) and returns C. */
function renumber(community: Int32Array): number {
  const map = new Map<number, number>();
  for (let i = 0; i < community.length; i++) {
    let c = map.get(community[i]);
    if (c === undefined) {
      c = map.size;
      map.set(community[i], c);
    }
    community[i] = c;
  }
  return map.size;
}

/** Merges each community into one node. */
function aggregate(level: Level, community: Int32Array, count: number): Level {
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < level.n; i++) members[community[i]].push(i);
  const loops = new Float64Array(count);
  const degree = new Float64Array(count);
  const offsets = new Int32Array(count + 1);
  const targets: number[] = [];
  const weights: number[] = [];
  const linkTo = new Float64Array(count).fill(-1);
  const touched: number[] = [];
  for (let c = 0; c < count; c++) {
    for (const i of members[c]) {
      loops[c] += level.loops[i];
      degree[c] += level.degree[i];
      for (let e = level.offsets[i]; e < level.offsets[i + 1]; e++) {
        const d = community[level.targets[e]];
        if (d === c) {
          loops[c] += level.weights[e];
          continue;
        }
        if (linkTo[d] < 0) {
          linkTo[d] = 0;
          touched.push(d);
        }
        linkTo[d] += level.weights[e];
      }
    }
    touched.sort((a, b) => a - b);
    for (const d of touched) {
      targets.push(d);
      weights.push(linkTo[d]);
      linkTo[d] = -1;
    }
    touched.length = 0;
    offsets[c + 1] = targets.length;
  }
  return { n: count, offsets, targets: Int32Array.from(targets), weights: Float64Array.from(weights), loops, degree };
}

function isWeightedGraph(input: EmbeddingOrGraph | WeightedGraph): input is WeightedGraph {
  return 'offsets' in input;
}

/**
 * Louvain community detection (Blondel et al. 2008) maximising modularity at resolution γ: local
 * moving of nodes in a seeded random order until no move improves modularity, then aggregation of
 * communities into nodes, repeated until nothing moves. On points or a k-NN graph it clusters the
 * symmetrised unit-weight k-NN graph (scanpy's default graph has the same edges, weighted by UMAP
 * connectivities). Louvain can leave a community internally disconnected (Traag et al. 2019, the
 * motivation for Leiden); this implementation does not refine. O(edges) per sweep.
 */
export function louvain(input: EmbeddingOrGraph | WeightedGraph, options: LouvainOptions = {}): LouvainResult {
  const fn = 'louvain';
  const gamma = options.resolution ?? 1;
  if (!(gamma > 0) || !Number.isFinite(gamma)) throw new ConfigError(`${fn}: resolution must be a positive number, got ${gamma}`);
  let graph: WeightedGraph;
  if (isWeightedGraph(input)) {
    checkWeightedGraph(input, fn);
    graph = input;
  } else {
    const k = options.k ?? 15;
    if (!Number.isInteger(k) || k < 2) throw new ConfigError(`${fn}: k must be an integer ≥ 2 (the cell and a neighbour), got ${k}`);
    graph = knnAdjacency(neighbourGraph(input, k - 1, fn));
  }
  const degree = new Float64Array(graph.n);
  let twoM = 0;
  for (let i = 0; i < graph.n; i++) {
    for (let e = graph.offsets[i]; e < graph.offsets[i + 1]; e++) degree[i] += graph.weights[e];
    twoM += degree[i];
  }
  const labels = Int32Array.from({ length: graph.n }, (_, i) => i);
  if (twoM === 0) return { labels, count: graph.n, modularity: 0, levels: 0 };
  const rng = rngFromSeed(options.seed);
  let level: Level = { ...graph, loops: new Float64Array(graph.n), degree };
  let levels = 0;
  for (;;) {
    const { community, moved } = moveNodes(level, gamma, twoM, rng);
    if (!moved) break;
    levels += 1;
    const count = renumber(community);
    for (let i = 0; i < labels.length; i++) labels[i] = community[labels[i]];
    if (count === level.n) break;
    level = aggregate(level, community, count);
  }
  // Number communities by decreasing size, ties by first member.
  const count = renumber(labels);
  const size = new Int32Array(count);
  for (const c of labels) size[c] += 1;
  const rank = Int32Array.from({ length: count }, (_, c) => c).sort((a, b) => size[b] - size[a] || a - b);
  const newId = new Int32Array(count);
  rank.forEach((c, r) => (newId[c] = r));
  for (let i = 0; i < labels.length; i++) labels[i] = newId[labels[i]];
  return { labels, count, modularity: modularity(graph, labels, gamma), levels };
}
