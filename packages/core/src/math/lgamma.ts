/**
 * log Γ(x) for tensors, from elementary tfjs ops so that autodiff gives its gradient (digamma).
 *
 * Up to 3.25 the argument is moved into [1.5, 2.5) with Γ(x+1) = xΓ(x) (at most one step either
 * way, two up) and log Γ(2 + t) = t·P(t) is a degree-7 polynomial (weighted Chebyshev fit, max
 * relative error 2e-8 in float64). Above 3.25 Stirling's series with six terms (truncation error
 * < 1.1e-9). Moving to [1.5, 2.5) instead of shifting up to x + 6 keeps the cancelling terms small,
 * so float32 keeps its relative accuracy near the zeros at 1 and 2 (see test/math/lgamma.test.ts).
 *
 * Branches are selected with `step` masks and `where` on same-shaped tensors: comparisons against
 * scalars, `where` with a broadcast scalar and `maximum(x, c)` are several times slower on the
 * wasm backend, and only `greaterEqual` among tfjs comparisons has a registered gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { horner } from './horner.js';

/** Below or at this point the reduction to [1.5, 2.5) is used, above it Stirling's series. */
export const STIRLING_CUTOFF = 3.25;
/** ½ log 2π. */
export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log Γ(2 + t) / t on t ∈ [−0.5, 0.5], ascending coefficients. */
const LGAMMA_2 = [
  0.4227843425752384, 0.3224669706106391, -0.06735326052109927, 0.020583139628636594, -0.007366477784418442,
  0.0028667731704544, -0.0013124127665019784, 0.0005978705585195347,
];

/** Stirling-series coefficients B₂ₖ / (2k(2k−1)), k = 1..6. */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360];

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

/** log Γ(x) for 0 ≤ x ≤ 3.25 by the reduction. Call inside a tidy. */
export function lgammaSmall(xs: Tensor): Tensor {
  const { t, down, up1, up0 } = reduceToTwo(xs);
  return tf.add(tf.mul(t, horner(t, LGAMMA_2)), tf.log(tf.div(down, tf.mul(up1, up0))));
}

/** Stirling's remainder log Γ(z) − [(z − ½) log z − z + ½ log 2π] by its series, for z ≥ 3.25. Call inside a tidy. */
export function stirlingSeries(z: Tensor): Tensor {
  const r = tf.reciprocal(z);
  return tf.mul(r, horner(tf.square(r), STIRLING));
}

/** log Γ(z) by Stirling's series, for z ≥ 3.25. Call inside a tidy. */
export function lgammaLarge(z: Tensor): Tensor {
  // (z − ½)(log z − 1) + ½ log 2π − ½  ==  (z − ½) log z − z + ½ log 2π
  return tf.add(tf.mul(tf.sub(z, 0.5), tf.sub(tf.log(z), 1)), tf.add(stirlingSeries(z), HALF_LOG_2PI - 0.5));
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

/** log Γ(x) for x ≥ 0 without the domain check (+∞ at 0; garbage for x < 0). Call inside a tidy. */
export function lgammaNonNegative(x: Tensor): Tensor {
  return piecewise(x, STIRLING_CUTOFF, lgammaSmall, lgammaLarge);
}

/**
 * log Γ(x) element-wise for x ≥ 0 (+∞ at 0, NaN for x < 0). Differentiable by autodiff; the
 * gradient matches digamma to ~1e-6 relative (tested against scipy). Inputs below ~1e-38 overflow
 * to +∞.
 */
export function lgamma(x: Tensor): Tensor {
  return tf.tidy(() => tf.where(tf.cast(above(tf.neg(x), 0), 'bool'), tf.fill(x.shape, NaN), lgammaNonNegative(x)));
}
