import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { DiagGaussian } from '../distributions/diag-gaussian.js';
import { ConfigError, InputError } from '../errors.js';
import { ParamStore } from '../nn/params.js';
import type { JsonObject, Prior, PriorDims, PriorPlugin } from '../plugins/contracts.js';

/**
 * p(z | c) = N(c·M, diag(exp(2·c·S))) with learned M, S of shape [C, D]: for one-hot c (a batch, a
 * condition) a learned Gaussian per level; for continuous c a linear map. KL to q is analytic.
 */
export class ConditionalGaussianPrior implements Prior {
  readonly kind = 'conditional-gaussian';
  readonly analyticKL = true;
  readonly config: JsonObject = {};
  readonly means: Variable;
  readonly logScales: Variable;
  private readonly store: ParamStore;

  constructor(
    readonly latentDim: number,
    readonly condDim: number,
    seed = 0,
  ) {
    if (condDim <= 0) {
      throw new ConfigError('conditional-gaussian prior needs covariates (condDim > 0)', 'declare covariates on the model, or use the standard-normal prior');
    }
    this.store = new ParamStore('prior', seed);
    this.means = this.store.create('means', [condDim, latentDim], { normal: 0.01 });
    this.logScales = this.store.create('logScales', [condDim, latentDim], 'zeros');
  }

  /** The prior for each sample's condition, as a DiagGaussian [B, D]. Caller disposes loc/scale. */
  conditional(cond: Tensor | undefined): DiagGaussian {
    if (!cond) throw new InputError('conditional-gaussian prior: no condition (covariates) given', 'pass the covariates for every sample');
    if (cond.shape[cond.rank - 1] !== this.condDim) {
      throw new InputError(`conditional-gaussian prior: condition has ${cond.shape[cond.rank - 1]} columns, expected ${this.condDim}`);
    }
    const [loc, scale] = tf.tidy(() => [tf.matMul(cond, this.means), tf.exp(tf.clipByValue(tf.matMul(cond, this.logScales), -10, 10))]);
    return new DiagGaussian(loc, scale);
  }

  klPerDim(q: DiagGaussian, _z: Tensor, cond?: Tensor): Tensor {
    const p = this.conditional(cond);
    try {
      return q.klPerElement(p);
    } finally {
      p.loc.dispose();
      p.scale.dispose();
    }
  }

  logProb(z: Tensor, cond?: Tensor): Tensor {
    const p = this.conditional(cond);
    try {
      return p.logProb(z);
    } finally {
      p.loc.dispose();
      p.scale.dispose();
    }
  }

  sample(n: number, cond?: Tensor, seed?: number): Tensor {
    if (cond && cond.shape[0] !== n) throw new InputError(`conditional-gaussian prior: ${n} samples asked but ${cond.shape[0]} conditions given`);
    const p = this.conditional(cond);
    try {
      return p.sample(seed);
    } finally {
      p.loc.dispose();
      p.scale.dispose();
    }
  }

  variables(): Record<string, Variable> {
    return this.store.variables();
  }
  dispose(): void {
    this.store.dispose();
  }
}

export const conditionalGaussianPrior: PriorPlugin = {
  kind: 'conditional-gaussian',
  parseConfig: () => ({}),
  create: (_config, dims: PriorDims, seed) => new ConditionalGaussianPrior(dims.latentDim, dims.condDim, seed),
};
