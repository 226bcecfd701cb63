import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';
import { clipLogMean, clipTheta, logMeanFromMean } from '../math/count-params.js';
import { negativeBinomialLogPmf } from '../math/nb-log-pmf.js';
import { rngFromSeed } from '../math/rng.js';
import { sampleNegativeBinomial } from '../math/samplers.js';
import { broadcastShapes, broadcastTensor, readBroadcast } from './broadcast.js';
import { IndependentDistribution } from './distribution.js';

/**
 * Parameters of a negative binomial: the mean as `mu` or `logMu` (log μ avoids log(0) when μ → 0,
 * e.g. log μ = log ℓ + log_softmax(h)), and the inverse dispersion as `theta` or `logTheta`.
 * Give exactly one of each; shapes broadcast against each other (θ [G] with μ [B, G] is fine).
 */
export interface NegativeBinomialParams {
  mu?: Tensor;
  logMu?: Tensor;
  theta?: Tensor;
  logTheta?: Tensor;
}

function checkParams(p: NegativeBinomialParams, who: string): void {
  if ((p.mu === undefined) === (p.logMu === undefined)) {
    throw new ConfigError(`${who}: give exactly one of mu and logMu`, 'pass { logMu } (preferred: finite as μ → 0) or { mu }');
  }
  if ((p.theta === undefined) === (p.logTheta === undefined)) {
    throw new ConfigError(`${who}: give exactly one of theta and logTheta`, 'pass the inverse dispersion θ > 0 as { theta } or { logTheta }');
  }
}

/**
 * NB(μ, θ) per element: mean μ, variance μ + μ²/θ (scipy's nbinom with n = θ, p = θ/(θ+μ)). The
 * log-pmf is accurate in float32 from θ = 1e-4 to 1e6, for μ → 0 and for counts up to 5e4 (see
 * `negativeBinomialLogPmf`); log μ is clipped to [−87, 80] and θ to [1e-20, 1e20].
 */
export class NegativeBinomial extends IndependentDistribution {
  constructor(
    readonly params: NegativeBinomialParams,
    eventRank = 1,
  ) {
    super(eventRank);
    checkParams(params, 'NegativeBinomial');
  }

  /** log μ (clipped). Creates a tensor: call inside a tidy. */
  logMean(): Tensor {
    return this.params.logMu ? clipLogMean(this.params.logMu) : logMeanFromMean(this.params.mu as Tensor);
  }

  /** θ (clipped). Creates a tensor: call inside a tidy. */
  inverseDispersion(): Tensor {
    return clipTheta(this.params.theta ?? tf.exp(this.params.logTheta as Tensor));
  }

  /** The broadcast shape of the parameters (the shape of samples, means and variances). */
  get shape(): number[] {
    return broadcastShapes(((this.params.mu ?? this.params.logMu) as Tensor).shape, ((this.params.theta ?? this.params.logTheta) as Tensor).shape);
  }

  elementLogProb(x: Tensor): Tensor {
    return tf.tidy(() => negativeBinomialLogPmf(x, this.logMean(), this.inverseDispersion()));
  }

  /** Counts (float32) as a Gamma–Poisson mixture on the CPU, exact and reproducible for a given seed. */
  sample(seed?: number): Tensor {
    const shape = this.shape;
    const mu = readBroadcast(() => tf.exp(this.logMean()), shape);
    const theta = readBroadcast(() => this.inverseDispersion(), shape);
    const rng = rngFromSeed(seed);
    const out = new Float32Array(mu.length);
    for (let i = 0; i < mu.length; i++) out[i] = sampleNegativeBinomial(rng, mu[i], theta[i]);
    return tf.tensor(out, shape, 'float32');
  }

  /** μ, in the parameters' broadcast shape. */
  mean(): Tensor {
    return tf.tidy(() => broadcastTensor(tf.exp(this.logMean()), this.shape));
  }

  /** { mean: μ, theta: θ }, in the parameters' broadcast shape. */
  parameters(): Record<string, Tensor> {
    return tf.tidy(() => ({ mean: this.mean(), theta: broadcastTensor(this.inverseDispersion(), this.shape) }));
  }

  /** μ + μ²/θ. */
  variance(): Tensor {
    return tf.tidy(() => {
      const mu = tf.exp(this.logMean());
      return broadcastTensor(tf.add(mu, tf.div(tf.square(mu), this.inverseDispersion())), this.shape);
    });
  }
}
