import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { IndependentDistribution, logAddExp, logSigmoid, negativeBinomialLogPmf, rngFromSeed, sampleNegativeBinomial } from '@vaekit/core';

/** Parameters of a two-component negative-binomial mixture with a shared inverse dispersion. */
export interface NbMixtureParams {
  /** log mean of the background component, [B, F]. */
  logBackground: Tensor;
  /** log mean of the foreground component, [B, F] (≥ the background's in totalVI, not required here). */
  logForeground: Tensor;
  /** Inverse dispersion θ, [F] or [B, F]. */
  theta: Tensor;
  /** logit of the background probability π, [B, F]. */
  mixingLogits: Tensor;
}

/** `t` broadcast to `shape` (itself when it has it). */
function broadcastTo(t: Tensor, shape: number[]): Tensor {
  return t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]) ? t : tf.broadcastTo(t, shape);
}

/** log μ is clipped to this range, as core's count distributions do. */
const LOG_MEAN_RANGE = [-87, 80] as const;
const THETA_RANGE = [1e-20, 1e20] as const;

/**
 * totalVI's protein observation model (Gayoso et al. 2021): each count comes from the background
 * NB(μ_b, θ) with probability π = sigmoid(mixingLogits), else from the foreground NB(μ_f, θ):
 *   log p(x) = logaddexp(log π + log NB(x; μ_b, θ), log(1 − π) + log NB(x; μ_f, θ)),
 * with core's float32-accurate NB log-pmf and log π = −softplus(−l), log(1 − π) = −softplus(l).
 * Mean π μ_b + (1 − π) μ_f; variance Σ_k w_k(μ_k + μ_k²/θ) + π(1 − π)(μ_b − μ_f)².
 */
export class NbMixture extends IndependentDistribution {
  constructor(
    readonly params: NbMixtureParams,
    eventRank = 1,
  ) {
    super(eventRank);
  }

  /** The broadcast shape of the parameters. */
  get shape(): number[] {
    const { logBackground, logForeground, mixingLogits, theta } = this.params;
    return [logBackground.shape, logForeground.shape, mixingLogits.shape, theta.shape].reduce<number[]>((acc, s) => tf.backend_util.assertAndGetBroadcastShape(acc, s), []);
  }

  private logMeans(): [Tensor, Tensor] {
    return [tf.clipByValue(this.params.logBackground, ...LOG_MEAN_RANGE), tf.clipByValue(this.params.logForeground, ...LOG_MEAN_RANGE)];
  }

  private theta(): Tensor {
    return tf.clipByValue(this.params.theta, ...THETA_RANGE);
  }

  /**
   * log π + log NB(x; μ_b, θ) and log(1 − π) + log NB(x; μ_f, θ), [..., F] each. Both NB log-pmfs
   * run as one call on features concatenated side by side (half the kernels: on wasm the cost of
   * these small tensors is the number of kernels, not their size).
   */
  private componentLogProbs(x: Tensor): [Tensor, Tensor] {
    const [logB, logF] = this.logMeans();
    const theta = this.theta();
    const l = this.params.mixingLogits;
    const shape = this.shape;
    const both = negativeBinomialLogPmf(
      tf.concat([broadcastTo(x, shape), broadcastTo(x, shape)], -1),
      tf.concat([broadcastTo(logB, shape), broadcastTo(logF, shape)], -1),
      tf.concat(theta.rank === shape.length ? [broadcastTo(theta, shape), broadcastTo(theta, shape)] : [theta, theta], -1),
    );
    const [back, fore] = tf.split(both, 2, -1);
    return [tf.add(logSigmoid(l), back), tf.add(logSigmoid(tf.neg(l)), fore)];
  }

  elementLogProb(x: Tensor): Tensor {
    return tf.tidy(() => logAddExp(...this.componentLogProbs(x)));
  }

  /** Per element: the probability that the count came from the background, given x (totalVI's posterior π). */
  backgroundPosterior(x: Tensor): Tensor {
    return tf.tidy(() => {
      const [back, fore] = this.componentLogProbs(x);
      return tf.sigmoid(tf.sub(back, fore));
    });
  }

  /** Counts (float32): a component draw, then NB on the CPU; reproducible for a given seed. */
  sample(seed?: number): Tensor {
    const shape = this.shape;
    const read = (make: () => Tensor) => {
      const t = tf.tidy(() => tf.broadcastTo(make(), shape));
      const v = Float32Array.from(t.dataSync());
      t.dispose();
      return v;
    };
    const muB = read(() => tf.exp(this.logMeans()[0]));
    const muF = read(() => tf.exp(this.logMeans()[1]));
    const theta = read(() => this.theta());
    const piB = read(() => tf.sigmoid(this.params.mixingLogits));
    const rng = rngFromSeed(seed);
    const out = new Float32Array(muB.length);
    for (let i = 0; i < out.length; i++) out[i] = sampleNegativeBinomial(rng, rng.uniform() < piB[i] ? muB[i] : muF[i], theta[i]);
    return tf.tensor(out, shape, 'float32');
  }

  mean(): Tensor {
    return tf.tidy(() => {
      const [logB, logF] = this.logMeans();
      const l = this.params.mixingLogits;
      return tf.broadcastTo(tf.add(tf.mul(tf.sigmoid(l), tf.exp(logB)), tf.mul(tf.sigmoid(tf.neg(l)), tf.exp(logF))), this.shape);
    });
  }

  variance(): Tensor {
    return tf.tidy(() => {
      const [logB, logF] = this.logMeans();
      const theta = this.theta();
      const l = this.params.mixingLogits;
      const wB = tf.sigmoid(l);
      const wF = tf.sigmoid(tf.neg(l));
      const muB = tf.exp(logB);
      const muF = tf.exp(logF);
      const nbVar = (mu: Tensor) => tf.add(mu, tf.div(tf.square(mu), theta));
      const within = tf.add(tf.mul(wB, nbVar(muB)), tf.mul(wF, nbVar(muF)));
      return tf.broadcastTo(tf.add(within, tf.mul(tf.mul(wB, wF), tf.square(tf.sub(muB, muF)))), this.shape);
    });
  }

  /** { background, foreground, theta, backgroundProbability, mean }, broadcast to the batch shape. */
  parameters(): Record<string, Tensor> {
    return tf.tidy(() => {
      const shape = this.shape;
      const [logB, logF] = this.logMeans();
      return {
        background: tf.broadcastTo(tf.exp(logB), shape),
        foreground: tf.broadcastTo(tf.exp(logF), shape),
        theta: tf.broadcastTo(this.theta(), shape),
        backgroundProbability: tf.broadcastTo(tf.sigmoid(this.params.mixingLogits), shape),
        mean: this.mean(),
      };
    });
  }
}
