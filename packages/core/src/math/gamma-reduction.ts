/**
 * The argument reduction shared by lgamma, digamma and Stirling's remainder, and the branch helpers.
 * Branches are selected with `step` masks and `where` on same-shaped tensors: comparisons against
 * scalars, `where` with a broadcast scalar and `maximum(x, c)` are several times slower on the wasm
 * backend, and only `greaterEqual` among tfjs comparisons has a registered gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** Below or at this point the reduction to [1.5, 2.5) is used, above it Stirling's series. */
export const STIRLING_CUTOFF = 3.25;
/** ½ log 2π. */
export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * x = (2 + t) + (n − 2) with n = round(x) ∈ {0, 1, 2, 3}, for 0 ≤ x ≤ 3.25:
 * Γ(x) = Γ(2 + t) · down / (up1 · up0) with down = x − 1 (n = 3), up1 = x (n ≤ 1), up0 = x + 1
 * (n = 0), each 1 otherwise; the masks are 1 where the factor applies.
 */
export interface Reduction {
  t: Tensor;
  down: Tensor;
  up1: Tensor;
  up0: Tensor;
  maskDown: Tensor;
  maskUp1: Tensor;
  maskUp0: Tensor;
}

/** The reduction of `xs` (0 ≤ xs ≤ 3.25) to [1.5, 2.5). Call inside a tidy. */
export function reduceToTwo(xs: Tensor): Reduction {
  const n = tf.floor(tf.add(xs, 0.5));
  const t = tf.sub(xs, n);
  const maskDown = tf.step(tf.sub(n, 2.5));
  const maskUp1 = tf.step(tf.sub(1.5, n));
  const maskUp0 = tf.step(tf.sub(0.5, n));
  // mask·v + (1 − mask) is exactly v or 1 in float32 (x − 1 is exact for x ≥ 2.5).
  const down = tf.add(tf.mul(maskDown, tf.sub(xs, 1)), tf.sub(1, maskDown));
  const up1 = tf.add(tf.mul(maskUp1, xs), tf.sub(1, maskUp1));
  const up0 = tf.add(tf.mul(maskUp0, xs), 1);
  return { t, down, up1, up0, maskDown, maskUp1, maskUp0 };
}

/** 1 where x > c, else 0 (float32); a mask without a comparison kernel. Call inside a tidy. */
export function above(x: Tensor, c: number): Tensor {
  return tf.step(tf.sub(x, c));
}

/** Picks `small(min(x, c))` where x ≤ c and `large(max(x, c))` where x > c. Call inside a tidy. */
export function piecewise(x: Tensor, c: number, small: (xs: Tensor) => Tensor, large: (xl: Tensor) => Tensor): Tensor {
  const isLarge = tf.cast(above(x, c), 'bool');
  return tf.where(isLarge, large(tf.clipByValue(x, c, Infinity)), small(tf.clipByValue(x, -Infinity, c)));
}

