import { contingencyTable } from './contingency.js';

const pairs = (m: number): number => (m * (m - 1)) / 2;

/**
 * Adjusted Rand index of two labelings (Hubert & Arabie 1985), as sklearn's `adjusted_rand_score`:
 * 1 for identical partitions (up to renaming), about 0 for independent ones, possibly negative.
 * Two identical trivial partitions (all in one cluster, or all singletons) score 1. O(n + a·b).
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const t = contingencyTable(a, b, 'adjustedRandIndex');
  let sumCells = 0;
  for (let i = 0; i < t.counts.length; i++) sumCells += pairs(t.counts[i]);
  let sumRows = 0;
  for (let i = 0; i < t.rows; i++) sumRows += pairs(t.rowSums[i]);
  let sumCols = 0;
  for (let j = 0; j < t.cols; j++) sumCols += pairs(t.colSums[j]);
  // Every pair agreed on (no pair split by one labeling and joined by the other): identical partitions.
  if (sumRows === sumCells && sumCols === sumCells) return 1;
  const expected = (sumRows * sumCols) / pairs(t.n);
  const max = (sumRows + sumCols) / 2;
  return (sumCells - expected) / (max - expected);
}
