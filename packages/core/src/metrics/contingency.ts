import { InputError } from '../errors.js';
import { encodeLabels } from './labels.js';

/** The contingency table of two labelings: counts[i * cols + j] = #{samples with a = i and b = j}. */
export interface Contingency {
  n: number;
  rows: number;
  cols: number;
  counts: Float64Array;
  rowSums: Float64Array;
  colSums: Float64Array;
}

/** Builds the contingency table of two integer labelings of the same samples. */
export function contingencyTable(a: ArrayLike<number>, b: ArrayLike<number>, fn: string): Contingency {
  if (a.length !== b.length) {
    throw new InputError(`${fn}: the labelings have ${a.length} and ${b.length} entries`, 'pass one label per sample in both');
  }
  if (a.length === 0) throw new InputError(`${fn}: the labelings are empty`);
  const ea = encodeLabels(a, fn, 'a');
  const eb = encodeLabels(b, fn, 'b');
  const rows = ea.count;
  const cols = eb.count;
  const counts = new Float64Array(rows * cols);
  for (let i = 0; i < a.length; i++) counts[ea.codes[i] * cols + eb.codes[i]] += 1;
  return { n: a.length, rows, cols, counts, rowSums: Float64Array.from(ea.sizes), colSums: Float64Array.from(eb.sizes) };
}
