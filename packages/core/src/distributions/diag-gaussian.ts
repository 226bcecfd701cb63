import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { stopGradient } from '../nn/stop-gradient.js';
import { IndependentDistribution } from './distribution.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Diagonal Gaussian N(loc, diag(scale²)). The encoder posterior of every vaekit model; with a
 * time axis ([B, T, D]) it is a posterior per step.
 */
export class DiagGaussian extends IndependentDistribution {
  constructor(
    readonly loc: Tensor,
    readonly scale: Tensor,
    eventRank = 1,
  ) {
    super(eventRank);
  }

  /** From a mean and a log-variance head (the usual encoder output). */
  static fromLogVar(loc: Tensor, logVar: Tensor, eventRank = 1): DiagGaussian {
    return new DiagGaussian(loc, tf.exp(tf.mul(logVar, 0.5)), eventRank);
  }

  elementLogProb(x: Tensor): Tensor {
    return tf.tidy(() => {
      const z = tf.div(tf.sub(x, this.loc), this.scale);
      return tf.sub(tf.neg(tf.add(tf.mul(tf.square(z), 0.5), tf.log(this.scale))), HALF_LOG_2PI);
    });
  }

  rsample(seed?: number): Tensor {
    return tf.tidy(() => {
      const eps = tf.randomNormal(this.loc.shape, 0, 1, 'float32', seed);
      return tf.add(this.loc, tf.mul(this.scale, eps));
    });
  }

  sample(seed?: number): Tensor {
    return tf.tidy(() => stopGradient(this.rsample(seed)));
  }

  mean(): Tensor {
    return tf.clone(this.loc);
  }

  variance(): Tensor {
    return tf.square(this.scale);
  }

  /** Analytic KL(this ‖ other) per element (no reduction). */
  klPerElement(other: DiagGaussian): Tensor {
    return tf.tidy(() => {
      const varRatio = tf.square(tf.div(this.scale, other.scale));
      const t1 = tf.square(tf.div(tf.sub(this.loc, other.loc), other.scale));
      return tf.mul(tf.sub(tf.sub(tf.add(varRatio, t1), 1), tf.log(varRatio)), 0.5);
    });
  }
}
