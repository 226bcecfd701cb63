import { InputError } from '@vaekit/core';
import { toCategories } from './categories.js';
import { lisi } from './lisi.js';
import type { LisiOptions } from './lisi.js';
import type { EmbeddingOrGraph } from './neighbourhoods.js';

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Options of the scaled LISI scores. */
export interface ScaledLisiOptions extends LisiOptions {
  /** Scale to [0, 1] as scib (default true); false returns the median LISI itself. */
  scale?: boolean;
}

/**
 * Integration LISI as scib's `ilisi_graph(..., scale=True)`: (median per-cell batch LISI − 1) /
 * (number of batches − 1). 1: every neighbourhood mixes the batches as the kernel allows; 0: each
 * neighbourhood holds one batch. The per-cell LISI is harmony's (see {@link lisi}) on Euclidean k-NN
 * distances; scib itself runs it on shortest-path distances of scanpy's 15-NN graph.
 */
export function iLisi(input: EmbeddingOrGraph, batches: ArrayLike<number>, options: ScaledLisiOptions = {}): number {
  const values = lisi(input, batches, options);
  const m = median(values);
  if (options.scale === false) return m;
  const count = toCategories(batches, input.n, 'iLisi', 'batches').count;
  if (count < 2) throw new InputError('iLisi: all cells come from one batch', 'the scaled iLISI needs at least two batches');
  return (m - 1) / (count - 1);
}

/**
 * Cell-type LISI as scib's `clisi_graph(..., scale=True)`: (number of types − median per-cell type
 * LISI) / (number of types − 1). 1: every neighbourhood holds one cell type; 0: types fully mixed.
 */
export function cLisi(input: EmbeddingOrGraph, labels: ArrayLike<number>, options: ScaledLisiOptions = {}): number {
  const values = lisi(input, labels, options);
  const m = median(values);
  if (options.scale === false) return m;
  const count = toCategories(labels, input.n, 'cLisi', 'labels').count;
  if (count < 2) throw new InputError('cLisi: all cells have one label', 'the scaled cLISI needs at least two cell types');
  return (count - m) / (count - 1);
}
