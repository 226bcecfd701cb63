import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { DiagGaussian } from '../distributions/diag-gaussian.js';
import { ConfigError } from '../errors.js';
import { deriveSeed, ParamStore } from '../nn/params.js';
import type { JsonObject, Prior, PriorDims, PriorPlugin } from '../plugins/contracts.js';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * p(z) = Σ_k w_k N(z; m_k, diag(s_k²)) with learned weights (softmax of logits), means and scales.
 * KL(q ‖ p) has no closed form: it is estimated by Monte Carlo, log q(z) − log p(z) at z ~ q.
 *
 * Per dimension, the estimate is split as log q_d(z_d) − log p_d(z_d) (p_d the 1-D marginal
 * mixture) plus an equal share of the joint term Σ_d log p_d(z_d) − log p(z); the dimensions sum
 * exactly to the joint estimate, and a dimension the posterior ignores still reads near zero.
 */
export class MixtureOfGaussiansPrior implements Prior {
  readonly kind = 'mixture-of-gaussians';
  readonly analyticKL = false;
  readonly logits: Variable;
  readonly means: Variable;
  readonly logScales: Variable;
  private readonly store: ParamStore;

  constructor(
    readonly latentDim: number,
    readonly config: { components: number } & JsonObject,
    seed = 0,
  ) {
    this.store = new ParamStore('prior', seed);
    const k = config.components;
    this.logits = this.store.create('logits', [k], 'zeros');
    this.means = this.store.create('means', [k, latentDim], { normal: 1 });
    this.logScales = this.store.create('logScales', [k, latentDim], 'zeros');
  }

  /** log N(z_d; m_kd, s_kd) for every component: [..., K, D]. */
  private componentElementLogProb(z: Tensor): Tensor {
    return tf.tidy(() => {
      const zk = tf.expandDims(z, -2); // [..., 1, D]
      const u = tf.div(tf.sub(zk, this.means), tf.exp(this.logScales));
      return tf.sub(tf.mul(tf.add(tf.square(u), LOG_2PI), -0.5), this.logScales);
    });
  }

  logProb(z: Tensor): Tensor {
    return tf.tidy(() => {
      const logW = tf.logSoftmax(this.logits);
      return tf.logSumExp(tf.add(tf.sum(this.componentElementLogProb(z), -1), logW), -1);
    });
  }

  klPerDim(q: DiagGaussian, z: Tensor): Tensor {
    return tf.tidy(() => {
      const logW = tf.logSoftmax(this.logits);
      const comp = this.componentElementLogProb(z); // [..., K, D]
      const marginal = tf.logSumExp(tf.add(comp, tf.expandDims(logW, -1)), -2); // [..., D]
      const joint = tf.logSumExp(tf.add(tf.sum(comp, -1), logW), -1); // [...]
      const share = tf.div(tf.sub(tf.sum(marginal, -1), joint), this.latentDim);
      const logQ = q.elementLogProb(z);
      return tf.add(tf.sub(logQ, marginal), tf.expandDims(share, -1));
    });
  }

  sample(n: number, _cond?: Tensor, seed?: number): Tensor {
    return tf.tidy(() => {
      // tf.multinomial needs ≥ 2 outcomes; one component is always chosen
      const k = this.config.components;
      const comp = k === 1 ? tf.zeros([n], 'int32') : tf.reshape(tf.multinomial(tf.expandDims(this.logits, 0) as tf.Tensor2D, n, deriveSeed(seed ?? 0, 'component')), [n]);
      const m = tf.gather(this.means, comp);
      const s = tf.exp(tf.gather(this.logScales, comp));
      const eps = tf.randomNormal([n, this.latentDim], 0, 1, 'float32', deriveSeed(seed ?? 0, 'noise'));
      return tf.add(m, tf.mul(s, eps));
    });
  }

  variables(): Record<string, Variable> {
    return this.store.variables();
  }
  dispose(): void {
    this.store.dispose();
  }
}

export const mixtureOfGaussiansPrior: PriorPlugin = {
  kind: 'mixture-of-gaussians',
  parseConfig(raw) {
    const components = raw.components ?? 10;
    if (typeof components !== 'number' || !Number.isInteger(components) || components < 1) {
      throw new ConfigError(`mixture-of-gaussians prior: components must be a positive integer, got ${JSON.stringify(components)}`);
    }
    return { components };
  },
  create(config, dims: PriorDims, seed) {
    return new MixtureOfGaussiansPrior(dims.latentDim, this.parseConfig(config) as { components: number } & JsonObject, seed);
  },
};
