import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { Categorical } from '../distributions/categorical.js';
import { ConfigError } from '../errors.js';
import type { HeadSpec, JsonObject, Likelihood, LikelihoodDims, LikelihoodPlugin } from '../plugins/contracts.js';
import { validateValues } from './validate.js';

/**
 * F categorical features (or F sequence positions), each one of `classes` values coded 0..K−1.
 * An MLP decoder emits logits [B, F·K] (reshaped to [B, F, K]); an autoregressive decoder may emit
 * [B, F, K] directly. logProb sums over the F positions → [B].
 */
export class CategoricalLikelihood implements Likelihood {
  readonly kind = 'categorical';
  constructor(
    readonly config: { classes: number } & JsonObject,
    readonly dims: LikelihoodDims,
  ) {}

  get featureDim(): number {
    return this.dims.featureDim;
  }
  get classes(): number {
    return this.config.classes;
  }
  heads(): HeadSpec[] {
    return [{ name: 'logits', size: this.featureDim * this.classes, activation: 'linear' }];
  }
  distribution(heads: Record<string, Tensor>): Categorical {
    const logits = heads.logits;
    const shaped = logits.shape[logits.rank - 1] === this.classes && logits.rank >= 3 ? logits : tf.reshape(logits, [...logits.shape.slice(0, -1), this.featureDim, this.classes]);
    return new Categorical(shaped, 1);
  }
  validate(x: ArrayLike<number> | Tensor, where = 'x'): void {
    const k = this.classes;
    validateValues(x, where, this.featureDim, (v) => (Number.isInteger(v) && v >= 0 && v < k ? undefined : `value is not a class index in 0..${k - 1}`), 'encode each categorical feature as integer codes 0..K−1');
  }
  variables(): Record<string, Variable> {
    return {};
  }
  dispose(): void {}
}

export const categoricalLikelihood: LikelihoodPlugin = {
  kind: 'categorical',
  parseConfig(raw) {
    const classes = raw.classes;
    if (typeof classes !== 'number' || !Number.isInteger(classes) || classes < 2) {
      throw new ConfigError(`categorical likelihood: classes must be an integer ≥ 2, got ${JSON.stringify(classes)}`);
    }
    return { classes };
  },
  create(config, dims) {
    return new CategoricalLikelihood(this.parseConfig(config) as { classes: number } & JsonObject, dims);
  },
};
