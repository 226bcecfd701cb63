import type { Tensor } from '@tensorflow/tfjs-core';
import { InputError } from '../errors.js';

type Check = (v: number) => string | undefined;

/** Scans values and throws InputError at the first that fails `check`, naming its row and column. */
export function validateValues(x: ArrayLike<number> | Tensor, where: string, width: number, check: Check, hint: string): void {
  const values = 'dataSync' in x ? x.dataSync() : x;
  for (let i = 0; i < values.length; i++) {
    const problem = check(values[i]);
    if (problem) {
      throw new InputError(`${where}: ${problem} (${values[i]}) at row ${Math.floor(i / width)}, column ${i % width}`, hint);
    }
  }
}

export const finiteCheck: Check = (v) => (Number.isFinite(v) ? undefined : 'non-finite value');

export const countCheck: Check = (v) => {
  if (!Number.isFinite(v)) return 'non-finite count';
  if (v < 0) return 'negative count';
  if (v !== Math.round(v)) return 'non-integer count';
  return undefined;
};

export const binaryCheck: Check = (v) => (v === 0 || v === 1 ? undefined : 'value is not 0 or 1');

/** Count likelihoods (Poisson, NB, ZINB) need finite, non-negative integers. */
export function validateCounts(x: ArrayLike<number> | Tensor, where: string, width: number, kind: string): void {
  validateValues(x, where, width, countCheck, `the ${kind} likelihood models raw counts: pass un-normalised integer counts (not log-transformed or scaled data), or choose the gaussian likelihood`);
}
