/**
 * Poisson log-pmf for tensors, accurate in float32 also at large counts near the mean. The textbook
 * x log λ − λ − lgamma(x+1) subtracts numbers of size x log x (5e5 at x = 5e4) to get about −6; here,
 * for x > 0, the saddle-point form log p = x − λ − x·log(x/λ) − ½ log(2πx) − δ(x) (Loader; R's dpois),
 * with log(x/λ) = log1p((x−λ)/λ) where x is within a factor 2 of λ. Gradient: ∂/∂log λ = x − λ.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { CustomGradientFunc } from './custom-grad.js';
import { clipLogMean } from './count-params.js';
import { HALF_LOG_2PI, above } from './gamma-reduction.js';
import { log1p, sumToShape } from './special.js';
import { stirlingRemainderRaw } from './stirling.js';

const poissonOp = tf.customGrad(((x: Tensor, logRate: Tensor, save: tf.GradSaveFunc) => {
  save([x, logRate]);
  const rate = tf.exp(logRate);
  const posMask = above(x, 0);
  const xp = tf.add(x, tf.sub(1, posMask));
  const r = tf.div(tf.sub(xp, rate), rate);
  const near = tf.cast(tf.mul(above(r, -0.5), tf.sub(1, above(r, 1))), 'bool');
  const logXp = tf.log(xp);
  const logRatio = tf.where(near, log1p(r), tf.sub(logXp, logRate));
  const main = tf.sub(tf.sub(xp, rate), tf.mul(xp, logRatio));
  const lpPos = tf.sub(tf.sub(main, tf.add(tf.mul(logXp, 0.5), HALF_LOG_2PI)), stirlingRemainderRaw(xp));
  const value = tf.where(tf.cast(posMask, 'bool'), lpPos, tf.neg(rate));
  const gradFunc = (dy: Tensor, [xs, lr]: Tensor[]): Tensor[] => [tf.zerosLike(xs), sumToShape(tf.mul(dy, tf.sub(xs, tf.exp(lr))), lr.shape)];
  return { value, gradFunc };
}) as unknown as CustomGradientFunc) as (x: Tensor, logRate: Tensor) => Tensor;

/**
 * log Poisson(x; λ) element-wise (broadcasting), λ = exp(logRate) with log λ clipped to [−87, 80].
 * x are counts ≥ 0. Differentiable in logRate (not in x).
 */
export function poissonLogPmf(x: Tensor, logRate: Tensor): Tensor {
  return tf.tidy(() => poissonOp(x, clipLogMean(logRate)));
}
