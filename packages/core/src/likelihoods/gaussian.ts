import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { DiagGaussian } from '../distributions/diag-gaussian.js';
import { ConfigError } from '../errors.js';
import { ParamStore } from '../nn/params.js';
import type { HeadSpec, JsonObject, Likelihood, LikelihoodDims, LikelihoodPlugin } from '../plugins/contracts.js';
import { finiteCheck, validateValues } from './validate.js';

export interface GaussianLikelihoodConfig {
  /** 'learned': a scale per feature learned with the model; 'fixed': `scale` for every feature. */
  variance: 'learned' | 'fixed';
  /** The fixed scale (σ), or the initial one when learned. */
  scale: number;
}

/** p(x | z) = N(loc(z), diag(σ²)) with σ fixed or learned per feature. */
export class GaussianLikelihood implements Likelihood {
  readonly kind = 'gaussian';
  private readonly store: ParamStore;
  readonly logScale: Variable | undefined;

  constructor(
    readonly config: GaussianLikelihoodConfig & JsonObject,
    readonly dims: LikelihoodDims,
    seed = 0,
  ) {
    this.store = new ParamStore(dims.name ?? 'likelihood', seed);
    this.logScale = config.variance === 'learned' ? this.store.create('logScale', [dims.featureDim], { constant: Math.log(config.scale) }) : undefined;
  }

  get featureDim(): number {
    return this.dims.featureDim;
  }

  heads(): HeadSpec[] {
    return [{ name: 'loc', size: this.featureDim, activation: 'linear' }];
  }

  distribution(heads: Record<string, Tensor>): DiagGaussian {
    const loc = heads.loc;
    const scale = tf.tidy(() => (this.logScale ? tf.add(tf.zerosLike(loc), tf.exp(tf.clipByValue(this.logScale, -12, 12))) : tf.fill(loc.shape, this.config.scale)));
    return new DiagGaussian(loc, scale);
  }

  validate(x: ArrayLike<number> | Tensor, where = 'x'): void {
    validateValues(x, where, this.featureDim, finiteCheck, 'remove or impute NaN/Inf values first');
  }

  variables(): Record<string, Variable> {
    return this.store.variables();
  }
  dispose(): void {
    this.store.dispose();
  }
}

export const gaussianLikelihood: LikelihoodPlugin = {
  kind: 'gaussian',
  parseConfig(raw) {
    const variance = raw.variance ?? 'learned';
    const scale = raw.scale ?? 1;
    if (variance !== 'learned' && variance !== 'fixed') throw new ConfigError(`gaussian likelihood: variance must be "learned" or "fixed", got ${JSON.stringify(variance)}`);
    if (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale)) throw new ConfigError(`gaussian likelihood: scale must be a positive number, got ${JSON.stringify(scale)}`);
    return { variance, scale };
  },
  create(config, dims, seed) {
    return new GaussianLikelihood(this.parseConfig(config) as GaussianLikelihoodConfig & JsonObject, dims, seed);
  },
};
