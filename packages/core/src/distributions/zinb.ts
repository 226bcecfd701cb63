import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { zeroInflatedNegativeBinomialLogPmf } from '../math/nb-log-pmf.js';
import { rngFromSeed } from '../math/rng.js';
import { sampleNegativeBinomial } from '../math/samplers.js';
import { broadcastShapes, broadcastTensor, readBroadcast } from './broadcast.js';
import { IndependentDistribution } from './distribution.js';
import { NegativeBinomial, type NegativeBinomialParams } from './negative-binomial.js';

/** NB parameters plus the zero-inflation logits: π = sigmoid(gateLogits) is the probability of a structural zero. */
export interface ZeroInflatedNegativeBinomialParams extends NegativeBinomialParams {
  gateLogits: Tensor;
}

/**
 * ZINB(μ, θ, π) per element: a structural zero with probability π = sigmoid(gateLogits), else
 * NB(μ, θ). Mean (1−π)μ, variance (1−π)μ(1 + μ/θ + πμ). The log-pmf is stable at gate logits ±30
 * and μ → 0 (see `zeroInflatedNegativeBinomialLogPmf`).
 */
export class ZeroInflatedNegativeBinomial extends IndependentDistribution {
  /** The NB component. */
  readonly nb: NegativeBinomial;
  readonly gateLogits: Tensor;

  constructor(params: ZeroInflatedNegativeBinomialParams, eventRank = 1) {
    super(eventRank);
    const { gateLogits, ...nbParams } = params;
    this.nb = new NegativeBinomial(nbParams, eventRank);
    this.gateLogits = gateLogits;
  }

  /** The broadcast shape of the parameters. */
  get shape(): number[] {
    return broadcastShapes(this.nb.shape, this.gateLogits.shape);
  }

  elementLogProb(x: Tensor): Tensor {
    return tf.tidy(() => zeroInflatedNegativeBinomialLogPmf(x, this.nb.logMean(), this.nb.inverseDispersion(), this.gateLogits));
  }

  /** Counts (float32): a gate draw, then NB on the CPU; reproducible for a given seed. */
  sample(seed?: number): Tensor {
    const shape = this.shape;
    const mu = readBroadcast(() => tf.exp(this.nb.logMean()), shape);
    const theta = readBroadcast(() => this.nb.inverseDispersion(), shape);
    const gate = readBroadcast(() => tf.sigmoid(this.gateLogits), shape);
    const rng = rngFromSeed(seed);
    const out = new Float32Array(mu.length);
    for (let i = 0; i < mu.length; i++) {
      const zero = rng.uniform() < gate[i];
      const count = sampleNegativeBinomial(rng, mu[i], theta[i]);
      out[i] = zero ? 0 : count;
    }
    return tf.tensor(out, shape, 'float32');
  }

  /** (1 − π)μ. */
  mean(): Tensor {
    return tf.tidy(() => broadcastTensor(tf.mul(tf.sigmoid(tf.neg(this.gateLogits)), tf.exp(this.nb.logMean())), this.shape));
  }

  /** { mean: μ of the NB part, theta: θ, gateLogits: logit π }, broadcast to the batch shape. */
  parameters(): Record<string, Tensor> {
    return tf.tidy(() => ({ ...this.nb.parameters(), gateLogits: broadcastTensor(this.gateLogits, this.shape) }));
  }

  /** (1 − π)μ(1 + μ/θ + πμ). */
  variance(): Tensor {
    return tf.tidy(() => {
      const mu = tf.exp(this.nb.logMean());
      const keep = tf.sigmoid(tf.neg(this.gateLogits));
      const pi = tf.sigmoid(this.gateLogits);
      const inner = tf.add(tf.add(1, tf.div(mu, this.nb.inverseDispersion())), tf.mul(pi, mu));
      return broadcastTensor(tf.mul(tf.mul(keep, mu), inner), this.shape);
    });
  }
}
