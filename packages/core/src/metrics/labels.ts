import { InputError } from '../errors.js';

/** Labels recoded to 0 … count − 1, in increasing order of the original values. */
export interface EncodedLabels {
  codes: Int32Array;
  /** Number of distinct labels. */
  count: number;
  /** The original value of each code. */
  values: number[];
  /** Number of samples with each code. */
  sizes: Int32Array;
}

/**
 * Checks that `labels` are integers and recodes them densely (like numpy's `unique(..., return_inverse)`).
 * `name` names the argument in error messages.
 */
export function encodeLabels(labels: ArrayLike<number>, fn: string, name = 'labels'): EncodedLabels {
  const n = labels.length;
  const index = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = labels[i];
    if (!Number.isInteger(v)) {
      throw new InputError(`${fn}: ${name}[${i}] is ${v}, not an integer`, 'encode categories as integer codes (e.g. an Int32Array)');
    }
    if (!index.has(v)) index.set(v, 0);
  }
  const values = [...index.keys()].sort((a, b) => a - b);
  values.forEach((v, code) => index.set(v, code));
  const codes = new Int32Array(n);
  const sizes = new Int32Array(values.length);
  for (let i = 0; i < n; i++) {
    const c = index.get(labels[i]) as number;
    codes[i] = c;
    sizes[c] += 1;
  }
  return { codes, count: values.length, values, sizes };
}

/** Throws unless `labels` has exactly `n` entries. */
export function expectLength(labels: ArrayLike<number>, n: number, fn: string, name = 'labels'): void {
  if (labels.length !== n) {
    throw new InputError(`${fn}: ${name} has ${labels.length} entries for ${n} points`, 'pass one label per point');
  }
}
