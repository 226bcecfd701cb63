import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { logSumExp } from '../math/special.js';
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

  /** log softmax(logits) [..., K], stable (rows of −∞ except one class are fine). */
  logProbs(): Tensor {
    return tf.tidy(() => tf.sub(this.logits, logSumExp(this.logits, -1, true)));
  }

  elementLogProb(x: Tensor): Tensor {
    return tf.tidy(() => {
      // (tf.oneHot's dtype argument is ignored by the wasm kernel, which writes int32 bits: cast instead.)
      const oneHot = tf.cast(tf.oneHot(tf.cast(x, 'int32'), this.numClasses), 'float32');
      return tf.sum(tf.mul(oneHot, this.logProbs()), -1);
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

  /** p(1 − p) per class, [..., K] (the variance of each one-hot component). */
  variance(): Tensor {
    return tf.tidy(() => {
      const p = tf.exp(this.logProbs());
      return tf.mul(p, tf.sub(1, p));
    });
  }
}
