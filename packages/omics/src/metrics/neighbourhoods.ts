import { InputError, knnGraph, truncateKnnGraph } from '@vaekit/core';
import type { KnnGraph, Points } from '@vaekit/core';

/** An embedding to build a k-NN graph from, or a k-NN graph built already (to share between metrics). */
export type EmbeddingOrGraph = Points | KnnGraph;

/** Whether `input` is a k-NN graph rather than points. */
export function isKnnGraph(input: EmbeddingOrGraph): input is KnnGraph {
  return 'indices' in input;
}

/**
 * The `neighbours` nearest other cells of every cell: computed from points (exact, Euclidean), or the
 * first columns of a given graph, which must have at least that many.
 */
export function neighbourGraph(input: EmbeddingOrGraph, neighbours: number, fn: string): KnnGraph {
  const n = input.n;
  if (neighbours > n - 1) {
    throw new InputError(
      `${fn}: needs ${neighbours} neighbours per cell but there are only ${n} cells`,
      'use a smaller neighbourhood (k or perplexity) or more cells',
    );
  }
  if (isKnnGraph(input)) {
    if (input.k < neighbours) {
      throw new InputError(
        `${fn}: the k-NN graph has ${input.k} neighbours per cell, ${neighbours} are needed`,
        `build it with knnGraph(points, ${neighbours}) or more`,
      );
    }
    return truncateKnnGraph(input, neighbours);
  }
  return knnGraph(input, neighbours);
}
