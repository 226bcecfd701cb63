import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { clipLogMean, logMeanFromMean } from '../math/count-params.js';
import { poissonLogPmf } from '../math/poisson-log-pmf.js';
import { rngFromSeed } from '../math/rng.js';
import { samplePoisson } from '../math/samplers.js';
import { readBroadcast } from './broadcast.js';
import { IndependentDistribution } from './distribution.js';

/**
 * Poisson(λ) per element with λ = exp(logRate) (log λ clipped to [−87, 80]). The log-pmf is
 * accurate in float32 also for large counts near the rate (see `poissonLogPmf`).
 */
export class Poisson extends IndependentDistribution {
  constructor(
    readonly logRate: Tensor,
    eventRank = 1,
  ) {
    super(eventRank);
  }

  /** From rates λ ≥ 0 (λ = 0 is allowed). Creates the log-rate tensor: call inside a tidy. */
  static fromRate(rate: Tensor, eventRank = 1): Poisson {
    return new Poisson(logMeanFromMean(rate), eventRank);
  }

  elementLogProb(x: Tensor): Tensor {
    return poissonLogPmf(x, this.logRate);
  }

  /** Counts (float32); exact (inversion / PTRS) on the CPU, reproducible for a given seed. */
  sample(seed?: number): Tensor {
    const rates = readBroadcast(() => tf.exp(clipLogMean(this.logRate)), this.logRate.shape);
    const rng = rngFromSeed(seed);
    const out = new Float32Array(rates.length);
    for (let i = 0; i < rates.length; i++) out[i] = samplePoisson(rng, rates[i]);
    return tf.tensor(out, this.logRate.shape, 'float32');
  }

  mean(): Tensor {
    return tf.tidy(() => tf.exp(clipLogMean(this.logRate)));
  }

  variance(): Tensor {
    return this.mean();
  }

  /** { mean: λ }. */
  parameters(): Record<string, Tensor> {
    return { mean: this.mean() };
  }
}
