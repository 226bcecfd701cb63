import { InputError } from '../errors.js';

/** n points in `dim` dimensions, row-major: point i is `data[i * dim .. (i + 1) * dim)`. */
export interface Points {
  data: Float32Array | Float64Array;
  n: number;
  dim: number;
}

/** Wraps a row-major array of points of width `dim` (n is inferred), checking the shape. */
export function asPoints(data: Float32Array | Float64Array, dim: number): Points {
  if (!Number.isInteger(dim) || dim <= 0) {
    throw new InputError(`asPoints: dim must be a positive integer, got ${dim}`, 'pass the number of columns of the matrix');
  }
  if (data.length % dim !== 0) {
    throw new InputError(
      `asPoints: ${data.length} values are not a multiple of dim = ${dim}`,
      'pass the points as a row-major array of n × dim values',
    );
  }
  return { data, n: data.length / dim, dim };
}

/**
 * Checks a point set (shape, finite values, at least `minPoints` points) and returns its values
 * as a float64 copy, so the distance kernels run on one array type.
 */
export function pointsToFloat64(points: Points, fn: string, minPoints = 1): Float64Array {
  const { data, n, dim } = points;
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(dim) || dim <= 0) {
    throw new InputError(`${fn}: points have n = ${n}, dim = ${dim}`, 'n must be a non-negative integer and dim a positive one');
  }
  if (data.length !== n * dim) {
    throw new InputError(
      `${fn}: points hold ${data.length} values, expected n × dim = ${n} × ${dim} = ${n * dim}`,
      'build the point set with asPoints(data, dim)',
    );
  }
  if (n < minPoints) {
    throw new InputError(`${fn}: needs at least ${minPoints} points, got ${n}`);
  }
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) {
      const row = Math.floor(i / dim);
      throw new InputError(`${fn}: point ${row}, coordinate ${i - row * dim} is ${v}`, 'remove or impute non-finite values first');
    }
    out[i] = v;
  }
  return out;
}
