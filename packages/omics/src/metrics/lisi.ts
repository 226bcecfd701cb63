import { ConfigError, InputError } from '@vaekit/core';
import { toCategories } from './categories.js';
import { neighbourGraph } from './neighbourhoods.js';
import type { EmbeddingOrGraph } from './neighbourhoods.js';
import { simpsonIndex } from './simpson-index.js';

/** Options of {@link lisi}, {@link iLisi} and {@link cLisi}. */
export interface LisiOptions {
  /** Effective neighbourhood size of the Gaussian kernel. Default 30 (harmony, scib). */
  perplexity?: number;
}

/**
 * Local inverse Simpson's index of every cell (Korsunsky et al. 2019, harmony's `compute_lisi`):
 * 1 / Simpson index of the categories among the cell's 3·perplexity − 1 nearest other cells
 * (harmony asks for 3·perplexity neighbours counting the cell itself, then drops it: 89 at the
 * default perplexity 30), weighted by a Gaussian kernel on Euclidean distance calibrated to the
 * perplexity. Ranges from 1 (one category around the cell) to the number of categories.
 * `input` is the embedding or a k-NN graph with at least 3·perplexity − 1 neighbours.
 * Time O(n · k · 50) after the graph; the graph is O(n² · dim).
 */
export function lisi(input: EmbeddingOrGraph, categories: ArrayLike<number>, options: LisiOptions = {}): Float64Array {
  const fn = 'lisi';
  const perplexity = options.perplexity ?? 30;
  if (!(perplexity > 0) || !Number.isFinite(perplexity)) {
    throw new ConfigError(`${fn}: perplexity must be a positive number, got ${perplexity}`);
  }
  const neighbours = Math.floor(3 * perplexity) - 1;
  if (neighbours < 1) throw new ConfigError(`${fn}: perplexity ${perplexity} leaves no neighbours`, 'use a perplexity of at least 2/3');
  const cats = toCategories(categories, input.n, fn, 'categories');
  const graph = neighbourGraph(input, neighbours, fn);
  const out = new Float64Array(graph.n);
  const p = new Float64Array(neighbours);
  const mass = new Float64Array(cats.count);
  for (let i = 0; i < graph.n; i++) {
    const simpson = simpsonIndex(graph.distances, graph.indices, i * graph.k, neighbours, cats.codes, cats.count, perplexity, p, mass);
    if (simpson < 0) {
      throw new InputError(
        `${fn}: the kernel weights of cell ${i} underflow at every bandwidth (nearest distance ${graph.distances[i * graph.k]})`,
        'rescale the embedding to moderate distances',
      );
    }
    out[i] = 1 / simpson;
  }
  return out;
}
