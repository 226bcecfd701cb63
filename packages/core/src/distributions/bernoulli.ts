import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { softplus } from '../math/special.js';
import { IndependentDistribution } from './distribution.js';

/**
 * Bernoulli(sigmoid(logits)) per element, for binary data. log p(x) = −x·softplus(−l) − (1−x)·softplus(l),
 * exact in float32 also at logits ±100 (log p(1 | l = 30) = −9.4e-14, not 0).
 */
export class Bernoulli extends IndependentDistribution {
  constructor(
    readonly logits: Tensor,
    eventRank = 1,
  ) {
    super(eventRank);
  }

  elementLogProb(x: Tensor): Tensor {
    return tf.tidy(() => tf.neg(tf.add(tf.mul(x, softplus(tf.neg(this.logits))), tf.mul(tf.sub(1, x), softplus(this.logits)))));
  }

  /** Draws 0/1 (float32) with P(1) = sigmoid(logits); seeded draws are reproducible. */
  sample(seed?: number): Tensor {
    return tf.tidy(() => {
      const u = tf.randomUniform(this.logits.shape, 0, 1, 'float32', seed);
      return tf.cast(tf.less(u, tf.sigmoid(this.logits)), 'float32');
    });
  }

  /** P(x = 1) = sigmoid(logits). */
  mean(): Tensor {
    return tf.sigmoid(this.logits);
  }

  /** sigmoid(l)·sigmoid(−l), without the cancellation of p(1 − p) near p = 1. */
  variance(): Tensor {
    return tf.tidy(() => tf.mul(tf.sigmoid(this.logits), tf.sigmoid(tf.neg(this.logits))));
  }
}
