import { InputError, silhouetteSamples } from '@vaekit/core';
import type { Points } from '@vaekit/core';
import { membersOf, toCategories } from './categories.js';
import { subsetPoints, subsetValues } from './subset.js';

/** The batch ASW of one cell type. */
export interface LabelBatchAsw {
  /** The cell-type code as given. */
  label: number;
  cells: number;
  /** Mean over the type's cells of 1 − |silhouette width of the batch labels|; undefined when skipped. */
  score: number | undefined;
}

/** Result of {@link batchAsw}. */
export interface BatchAswResult {
  /** Mean of the per-type scores over the types that were scored: 1 is ideal mixing. */
  score: number;
  perLabel: LabelBatchAsw[];
}

/**
 * Batch ASW as scib's `silhouette_batch(adata, batch_key, label_key, embed, scale=True)` (scib 1.1.x,
 * the current definition): for each cell type separately, the silhouette widths s(i) of the batch
 * labels are computed on that type's cells only (Euclidean), each cell scores 1 − |s(i)|, the type
 * scores the mean over its cells, and the result is the mean over types. Types whose cells all come
 * from one batch, or each from a different batch, are skipped (as scib); if every type is skipped
 * this throws, where scib returns NaN.
 */
export function batchAsw(embedding: Points, batches: ArrayLike<number>, labels: ArrayLike<number>): BatchAswResult {
  const fn = 'batchAsw';
  const n = embedding.n;
  const batch = toCategories(batches, n, fn, 'batches');
  const label = toCategories(labels, n, fn, 'labels');
  const perLabel: LabelBatchAsw[] = [];
  let total = 0;
  let scored = 0;
  membersOf(label).forEach((cells, c) => {
    const groupBatches = subsetValues(batch.codes, cells);
    const present = new Set(groupBatches).size;
    if (present === 1 || present === cells.length) {
      perLabel.push({ label: label.values[c], cells: cells.length, score: undefined });
      return;
    }
    const s = silhouetteSamples(subsetPoints(embedding, cells), groupBatches);
    let sum = 0;
    for (let i = 0; i < s.length; i++) sum += 1 - Math.abs(s[i]);
    const score = sum / s.length;
    perLabel.push({ label: label.values[c], cells: cells.length, score });
    total += score;
    scored += 1;
  });
  if (scored === 0) {
    throw new InputError(
      `${fn}: no cell type has cells from two or more batches (and fewer batches than cells)`,
      'batch ASW measures mixing within cell types; it needs types shared between batches',
    );
  }
  return { score: total / scored, perLabel };
}
