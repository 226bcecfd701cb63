/**
 * Numerically stable elementary functions, built from tfjs ops so that they run on every backend
 * with the same accuracy: tfjs' own `log1p` and `expm1` are `log(1 + x)` and `exp(x) − 1` on the
 * wasm backend (log1p(1e-10) = 0), and its cpu `softplus` loses relative accuracy for x in (−14, −1).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { CustomGradientFunc } from './custom-grad.js';
import { stopGradient } from '../nn/stop-gradient.js';

type Grad1 = (dy: Tensor, saved: Tensor[]) => Tensor;
type Grad2 = (dy: Tensor, saved: Tensor[]) => Tensor[];

/** Sums a broadcast gradient back to the shape of the input it came from. */
export function sumToShape(grad: Tensor, shape: readonly number[]): Tensor {
  return tf.tidy(() => {
    let g = grad;
    const lead = g.rank - shape.length;
    if (lead > 0) g = tf.sum(g, Array.from({ length: lead }, (_, i) => i));
    const axes = shape.flatMap((d, i) => (d === 1 && g.shape[i] !== 1 ? [i] : []));
    if (axes.length > 0) g = tf.sum(g, axes, true);
    return g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i]) ? g : tf.reshape(g, [...shape]);
  });
}

const log1pOp = tf.customGrad(((x: Tensor, save: tf.GradSaveFunc) => {
  save([x]);
  // u = fl(1 + x) is off from 1 + x by e = x − (u − 1), computed exactly; log(1 + x) = log u + e/u
  // to second order in e/u (≤ 2⁻²⁴). No branch, so also exact for |x| below float32's epsilon.
  const u = tf.add(x, 1);
  const e = tf.sub(x, tf.sub(u, 1));
  const value = tf.add(tf.log(u), tf.div(e, tf.clipByValue(u, 1e-30, Infinity)));
  const gradFunc: Grad1 = (dy, [xs]) => tf.div(dy, tf.add(xs, 1));
  return { value, gradFunc };
}) as unknown as CustomGradientFunc) as (x: Tensor) => Tensor;

/** log(1 + x), accurate to a few ulp for every finite x > −1 (also for |x| < 1e-7). */
export function log1p(x: Tensor): Tensor {
  return log1pOp(x);
}

const expm1Op = tf.customGrad(((x: Tensor, save: tf.GradSaveFunc) => {
  const u = tf.exp(x);
  save([u]);
  // eˣ − 1 = 2t/(1 − t) with t = tanh(x/2): no cancellation for x ≤ ½ (and −1 as x → −∞);
  // above ½, eˣ − 1 itself has none.
  const t = tf.tanh(tf.mul(x, 0.5));
  const small = tf.div(tf.mul(t, 2), tf.sub(1, t));
  const value = tf.where(tf.cast(tf.step(tf.sub(x, 0.5)), 'bool'), tf.sub(u, 1), small);
  const gradFunc: Grad1 = (dy, [us]) => tf.mul(dy, us);
  return { value, gradFunc };
}) as unknown as CustomGradientFunc) as (x: Tensor) => Tensor;

/** eˣ − 1, accurate to a few ulp for every x (also for |x| < 1e-7; −1 for very negative x). */
export function expm1(x: Tensor): Tensor {
  return expm1Op(x);
}

const softplusOp = tf.customGrad(((x: Tensor, save: tf.GradSaveFunc) => {
  save([x]);
  const value = tf.add(tf.relu(x), log1pOp(tf.exp(tf.neg(tf.abs(x)))));
  const gradFunc: Grad1 = (dy, [xs]) => tf.mul(dy, tf.sigmoid(xs));
  return { value, gradFunc };
}) as unknown as CustomGradientFunc) as (x: Tensor) => Tensor;

/**
 * softplus(x) = log(1 + eˣ), stable for any x (= x for large x, = eˣ to full relative accuracy for
 * very negative x). Gradient: sigmoid(x), also at x = 0 exactly.
 */
export function softplus(x: Tensor): Tensor {
  return softplusOp(x);
}

/** log sigmoid(x) = −softplus(−x): stable at ±100 (log sigmoid(−100) = −100, log sigmoid(100) = −3.7e-44). */
export function logSigmoid(x: Tensor): Tensor {
  return tf.tidy(() => tf.neg(softplusOp(tf.neg(x))));
}

const logAddExpOp = tf.customGrad(((a: Tensor, b: Tensor, save: tf.GradSaveFunc) => {
  const m = tf.maximum(a, b);
  // a = b covers the equal-infinity cases, where a − b would be NaN.
  const negGap = tf.where(tf.equal(a, b), tf.zerosLike(m), tf.neg(tf.abs(tf.sub(a, b))));
  const value = tf.add(m, log1pOp(tf.exp(negGap)));
  save([a, b]);
  const gradFunc: Grad2 = (dy, [as, bs]) => {
    const wa = tf.sigmoid(tf.sub(as, bs));
    return [sumToShape(tf.mul(dy, wa), as.shape), sumToShape(tf.mul(dy, tf.sub(1, wa)), bs.shape)];
  };
  return { value, gradFunc };
}) as unknown as CustomGradientFunc) as (a: Tensor, b: Tensor) => Tensor;

/**
 * log(eᵃ + eᵇ) element-wise (broadcasting), stable for any magnitudes and for −∞ in one argument.
 * Gradients are the softmax weights sigmoid(a − b) and sigmoid(b − a), ½ each at ties.
 */
export function logAddExp(a: Tensor, b: Tensor): Tensor {
  return logAddExpOp(a, b);
}

/**
 * Shifted log-sum-exp pieces along `axis` (kept): z = x − max and s = Σ eᶻ − 1, the latter summed
 * as Σ (eᶻ − [z = 0]) + (#maxima − 1) so that s keeps its relative accuracy when one entry
 * dominates (s ≪ 1). The max is held constant for the gradient, which is then exact (softmax).
 */
function shiftedSum(x: Tensor, ax: number): { z: Tensor; shift: Tensor; s: Tensor } {
  const m = stopGradient(tf.max(x, ax, true));
  const shift = tf.where(tf.isFinite(m), m, tf.zerosLike(m));
  const z = tf.sub(x, shift);
  // z ≤ 0, so z ≥ 0 marks the maxima (greaterEqual is the comparison with a registered gradient).
  const isMax = tf.cast(tf.greaterEqual(z, tf.zerosLike(z)), 'float32');
  const s = tf.add(tf.sum(tf.sub(tf.exp(z), isMax), ax, true), tf.sub(tf.sum(isMax, ax, true), 1));
  return { z, shift, s };
}

/**
 * log Σ exp(x) along `axis` (default: the last), stable for large magnitudes; −∞ when every entry
 * is −∞. The gradient is softmax(x) along that axis.
 */
export function logSumExp(x: Tensor, axis = -1, keepDims = false): Tensor {
  return tf.tidy(() => {
    const ax = axis < 0 ? x.rank + axis : axis;
    const { shift, s } = shiftedSum(x, ax);
    const out = tf.add(log1pOp(s), shift);
    return keepDims ? out : tf.squeeze(out, [ax]);
  });
}

/**
 * log softmax(x) along `axis` (default: the last): x − logSumExp(x), with relative accuracy also
 * for a dominant entry (log softmax([30, −30, 0, 5])₀ = −1.4e-11, not 0).
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return tf.tidy(() => {
    const ax = axis < 0 ? x.rank + axis : axis;
    const { z, s } = shiftedSum(x, ax);
    return tf.sub(z, log1pOp(s));
  });
}
