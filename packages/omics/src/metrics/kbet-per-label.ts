import { InputError } from '@vaekit/core';
import type { Points } from '@vaekit/core';
import { membersOf, toCategories } from './categories.js';
import { defaultKbetK, kbet } from './kbet.js';
import { subsetPoints, subsetValues } from './subset.js';

/** Options of {@link kbetPerLabel}. */
export interface KbetPerLabelOptions {
  /** Significance level of each χ² test. Default 0.05. */
  alpha?: number;
}

/** kBET of one cell type. */
export interface LabelKbet {
  label: number;
  cells: number;
  /** Neighbourhood size used (counting the cell); undefined when skipped. */
  k: number | undefined;
  /** Acceptance rate within the type; undefined when skipped (fewer than 10 cells or one batch). */
  acceptance: number | undefined;
}

/** Result of {@link kbetPerLabel}. */
export interface KbetPerLabelResult {
  /** Mean acceptance over the scored cell types: scib's `kBET(..., scaled=True)`. */
  score: number;
  perLabel: LabelKbet[];
}

/**
 * kBET per cell type as scib's `kBET(adata, batch_key, label_key, scaled=True)`: for each type with
 * at least 10 cells from at least two batches, {@link kbet} runs on that type's cells alone (batch
 * frequencies of the type, k0 = min(70, max(10, ⌊mean cells per batch in the type / 4⌋))); the
 * score is the mean acceptance over those types. Differences from scib: neighbours are exact
 * Euclidean k-NN within the type, where scib takes diffusion neighbours on scanpy's 50-NN graph and
 * scores a type 0 when its graph splits into too many small components; all cells are tested.
 */
export function kbetPerLabel(
  embedding: Points,
  batches: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: KbetPerLabelOptions = {},
): KbetPerLabelResult {
  const fn = 'kbetPerLabel';
  const n = embedding.n;
  const batch = toCategories(batches, n, fn, 'batches');
  const label = toCategories(labels, n, fn, 'labels');
  const perLabel: LabelKbet[] = [];
  let total = 0;
  let scored = 0;
  membersOf(label).forEach((cells, c) => {
    const groupBatches = subsetValues(batch.codes, cells);
    const sizes = new Int32Array(batch.count);
    for (const b of groupBatches) sizes[b] += 1;
    const present = sizes.filter((s) => s > 0).length;
    if (cells.length < 10 || present < 2) {
      perLabel.push({ label: label.values[c], cells: cells.length, k: undefined, acceptance: undefined });
      return;
    }
    const k = defaultKbetK(sizes);
    const result = kbet(subsetPoints(embedding, cells), groupBatches, { k, alpha: options.alpha });
    perLabel.push({ label: label.values[c], cells: cells.length, k, acceptance: result.acceptance });
    total += result.acceptance;
    scored += 1;
  });
  if (scored === 0) {
    throw new InputError(
      `${fn}: no cell type has at least 10 cells from two or more batches`,
      'kBET per type needs types shared between batches',
    );
  }
  return { score: total / scored, perLabel };
}
