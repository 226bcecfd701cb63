import type { Tensor } from '@tensorflow/tfjs-core';
import { InputError } from '../errors.js';

/** Throws InputError unless the last axis of `t` has `expected` entries. */
export function assertWidth(t: Tensor, expected: number, what: string, unit: string, names?: string[]): void {
  const got = t.shape[t.rank - 1];
  if (got !== expected) {
    const hint = names ? `the model was trained on ${expected} ${unit} (first: ${names.slice(0, 3).join(', ')}); match the query to the model's feature names` : `reshape the input to [batch, ${expected}]`;
    throw new InputError(`${what} has ${got} ${unit} per sample, the model expects ${expected}`, hint);
  }
}

/** Throws InputError at the first NaN/Inf, naming its position. Reads the tensor (synchronous download). */
export function assertFinite(t: Tensor, what: string): void {
  const values = t.dataSync();
  const width = t.shape[t.rank - 1] ?? 1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new InputError(`${what} has a non-finite value (${values[i]}) at row ${Math.floor(i / width)}, column ${i % width}`, 'remove or impute missing values before training');
    }
  }
}
