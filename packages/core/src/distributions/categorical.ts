import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { expm1, logSoftmax } from '../math/special.js';
import { IndependentDistribution } from './distribution.js';

/**
 * Categorical(softmax(logits)) over the last axis of `logits` [..., K]. Observations x are class
 * indices 0..K−1 shaped like the batch (e.g. [B] or [B, T]), int32 or float32; `elementLogProb(x)`
 * has that shape. eventRank defaults to 0 (x is [B]); pass 1 for sequences [B, T] to sum over T.
 *
 * `mean()` and `variance()` are those of the one-hot vector: softmax(logits) and p(1 − p), shaped
 * [..., K] like the logits, not like x. `sample()` returns indices shaped like x, as float32.
 */
export class Categorical extends IndependentDistribution {
  constructor(
    readonly logits: Tensor,
    eventRank = 0,
  ) {
    super(eventRank);
  }

  /** Number of classes K. */
  get numClasses(): number {
    return this.logits.shape[this.logits.rank - 1];
  }

  /** log softmax(logits) [..., K]: stable, and relatively accurate for a dominant class. */
  logProbs(): Tensor {
    return logSoftmax(this.logits);
  }

  elementLogProb(x: Tensor): Tensor {
    return tf.tidy(() => {
      // Select rather than multiply by the one-hot, so that a −∞ logit of another class gives no NaN.
      // (tf.oneHot's dtype argument is ignored by the wasm kernel, which writes int32 bits: cast.)
      const logP = this.logProbs();
      const chosen = tf.cast(tf.oneHot(tf.cast(x, 'int32'), this.numClasses), 'bool');
      return tf.sum(tf.where(chosen, logP, tf.zerosLike(logP)), -1);
    });
  }

  /** Class indices (float32, shaped like the batch) by the Gumbel-max trick; seeded draws are reproducible. */
  sample(seed?: number): Tensor {
    return tf.tidy(() => {
      const u = tf.randomUniform(this.logits.shape, 1e-30, 1, 'float32', seed);
      const gumbel = tf.neg(tf.log(tf.neg(tf.log(u))));
      return tf.cast(tf.argMax(tf.add(this.logits, gumbel), -1), 'float32');
    });
  }

  /** Class probabilities softmax(logits), [..., K] (the mean of the one-hot vector). */
  mean(): Tensor {
    return tf.tidy(() => tf.exp(this.logProbs()));
  }

  /** p(1 − p) per class, [..., K] (the variance of each one-hot component); 1 − p = −expm1(log p) stays accurate as p → 1. */
  variance(): Tensor {
    return tf.tidy(() => {
      const logP = this.logProbs();
      return tf.mul(tf.exp(logP), tf.neg(expm1(logP)));
    });
  }
}
