import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * A batch of distributions. `logProb` sums over the event axes (the last `eventRank` axes) and
 * returns one value per batch element: [B] (or [B, T]). `elementLogProb` keeps every element.
 */
export interface Distribution {
  logProb(x: Tensor): Tensor;
  /** Unreduced log density/mass, same shape as the parameters (e.g. [B, G]). */
  elementLogProb(x: Tensor): Tensor;
  sample(seed?: number): Tensor;
  /** Reparameterised sample (gradients flow to the parameters), where the family allows it. */
  rsample?(seed?: number): Tensor;
  mean(): Tensor;
  variance(): Tensor;
  /** The distribution's parameters by name (e.g. NB: mean, theta), broadcast to the batch shape. Optional. */
  parameters?(): Record<string, Tensor>;
}

/**
 * Template for distributions over independent elements (distrax style): subclasses implement
 * `elementLogProb`, and `logProb` sums it over the last `eventRank` axes.
 */
export abstract class IndependentDistribution implements Distribution {
  constructor(readonly eventRank = 1) {}

  abstract elementLogProb(x: Tensor): Tensor;
  abstract sample(seed?: number): Tensor;
  abstract mean(): Tensor;
  abstract variance(): Tensor;

  logProb(x: Tensor): Tensor {
    return tf.tidy(() => {
      const lp = this.elementLogProb(x);
      if (this.eventRank === 0) return lp;
      const axes = Array.from({ length: this.eventRank }, (_, i) => lp.rank - 1 - i);
      return tf.sum(lp, axes);
    });
  }
}
