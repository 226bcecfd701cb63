import { InputError } from '../errors.js';

/** Checks two paired samples (same length ≥ 2, finite) and returns them as float64 arrays. */
export function pairedSamples(x: ArrayLike<number>, y: ArrayLike<number>, fn: string, names = ['x', 'y']): [Float64Array, Float64Array] {
  if (x.length !== y.length) {
    throw new InputError(`${fn}: ${names[0]} has ${x.length} values and ${names[1]} has ${y.length}`, 'pass paired samples of equal length');
  }
  if (x.length < 2) throw new InputError(`${fn}: needs at least 2 paired values, got ${x.length}`);
  const out: [Float64Array, Float64Array] = [Float64Array.from(x), Float64Array.from(y)];
  out.forEach((a, k) => {
    for (let i = 0; i < a.length; i++) {
      if (!Number.isFinite(a[i])) throw new InputError(`${fn}: ${names[k]}[${i}] is ${a[i]}`, 'remove or impute non-finite values first');
    }
  });
  return out;
}
