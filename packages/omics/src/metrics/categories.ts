import { InputError, encodeLabels } from '@vaekit/core';
import type { EncodedLabels } from '@vaekit/core';

/** Per-cell categories (batches, cell types) recoded to 0 … count − 1 in increasing order of value. */
export type Categories = EncodedLabels;

/** Checks one integer category per cell and recodes them densely. `name` names the argument in errors. */
export function toCategories(values: ArrayLike<number>, n: number, fn: string, name: string): Categories {
  if (values.length !== n) {
    throw new InputError(`${fn}: ${name} has ${values.length} entries for ${n} cells`, `pass one ${name} code per cell`);
  }
  return encodeLabels(values, fn, name);
}

/** The cells of each category, in increasing cell order. */
export function membersOf(categories: Categories): Int32Array[] {
  const members = Array.from({ length: categories.count }, (_, c) => new Int32Array(categories.sizes[c]));
  const fill = new Int32Array(categories.count);
  for (let i = 0; i < categories.codes.length; i++) {
    const c = categories.codes[i];
    members[c][fill[c]++] = i;
  }
  return members;
}
