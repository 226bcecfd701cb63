import { ConfigError, InputError } from '@vaekit/core';
import { toCategories } from './categories.js';
import { chiSquareSurvival } from './chi-square.js';
import { neighbourGraph } from './neighbourhoods.js';
import type { EmbeddingOrGraph } from './neighbourhoods.js';

/** Options of {@link kbet}. */
export interface KbetOptions {
  /**
   * Neighbourhood size k0, counting the cell itself (kBET's `k0`): each test looks at the cell and
   * its k0 − 1 nearest neighbours. Default scib's choice, min(70, max(10, ⌊mean batch size / 4⌋)).
   */
  k?: number;
  /** Significance level of each χ² test. Default 0.05. */
  alpha?: number;
}

/** Result of {@link kbet}. */
export interface KbetResult {
  /** Fraction of neighbourhoods whose batch composition is not rejected: 1 is ideal mixing. */
  acceptance: number;
  /** 1 − acceptance: kBET's observed rejection rate (`kBET.observed`). */
  rejection: number;
  /** The neighbourhood size used (counting the cell). */
  k: number;
  /** p-value of every cell's test. */
  pValues: Float64Array;
}

/** scib's neighbourhood size for kBET: min(70, max(10, ⌊mean cells per batch / 4⌋)). */
export function defaultKbetK(batchSizes: ArrayLike<number>): number {
  let total = 0;
  let present = 0;
  for (let b = 0; b < batchSizes.length; b++) {
    if (batchSizes[b] > 0) {
      total += batchSizes[b];
      present += 1;
    }
  }
  return Math.min(70, Math.max(10, Math.floor(total / present / 4)));
}

/**
 * k-nearest-neighbour batch-effect test (Büttner et al. 2019, the R package's `chi_batch_test`),
 * acceptance form. For every cell, the batch counts of its neighbourhood (the cell and its k − 1
 * nearest neighbours, as kBET's `cbind(nn.index[, 1:(k0 - 1)], idx)`) are compared with the global
 * batch frequencies × k by Pearson's χ² statistic, p = P(χ²_{B−1} ≥ stat); a neighbourhood is rejected
 * when p < alpha. Every cell is tested once: kBET samples 10% of cells 100 times, whose mean
 * rejection rate has this as its expectation. No `adapt` / heuristic neighbourhood search.
 * `input` is the embedding or a k-NN graph with at least k − 1 neighbours. O(n · (k + B)) after the graph.
 */
export function kbet(input: EmbeddingOrGraph, batches: ArrayLike<number>, options: KbetOptions = {}): KbetResult {
  const fn = 'kbet';
  const batch = toCategories(batches, input.n, fn, 'batches');
  if (batch.count < 2) throw new InputError(`${fn}: all cells come from one batch`, 'kBET needs at least two batches');
  const k = options.k ?? defaultKbetK(batch.sizes);
  const alpha = options.alpha ?? 0.05;
  if (!Number.isInteger(k) || k < 2) throw new ConfigError(`${fn}: k must be an integer ≥ 2 (the cell and a neighbour), got ${k}`);
  if (!(alpha > 0 && alpha < 1)) throw new ConfigError(`${fn}: alpha must be in (0, 1), got ${alpha}`);
  const graph = neighbourGraph(input, k - 1, fn);
  const n = graph.n;
  const dof = batch.count - 1;
  const expected = Float64Array.from(batch.sizes, (s) => (s / n) * k);
  const observed = new Float64Array(batch.count);
  const pValues = new Float64Array(n);
  let rejected = 0;
  for (let i = 0; i < n; i++) {
    observed.fill(0);
    observed[batch.codes[i]] += 1;
    for (let t = 0; t < k - 1; t++) observed[batch.codes[graph.indices[i * graph.k + t]]] += 1;
    let stat = 0;
    for (let b = 0; b < batch.count; b++) stat += (observed[b] - expected[b]) ** 2 / expected[b];
    const p = chiSquareSurvival(stat, dof);
    pValues[i] = p;
    if (p < alpha) rejected += 1;
  }
  const rejection = rejected / n;
  return { acceptance: 1 - rejection, rejection, k, pValues };
}
