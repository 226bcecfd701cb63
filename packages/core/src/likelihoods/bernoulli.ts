import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { Bernoulli } from '../distributions/bernoulli.js';
import type { HeadSpec, JsonObject, Likelihood, LikelihoodDims, LikelihoodPlugin } from '../plugins/contracts.js';
import { binaryCheck, validateValues } from './validate.js';

/** p(x | z) = Bernoulli(sigmoid(h)) per feature, for binary data (spikes in a bin, ATAC peaks, flags). */
export class BernoulliLikelihood implements Likelihood {
  readonly kind = 'bernoulli';
  readonly config: JsonObject = {};
  constructor(readonly dims: LikelihoodDims) {}

  get featureDim(): number {
    return this.dims.featureDim;
  }
  heads(): HeadSpec[] {
    return [{ name: 'logits', size: this.featureDim, activation: 'linear' }];
  }
  distribution(heads: Record<string, Tensor>): Bernoulli {
    return new Bernoulli(heads.logits);
  }
  validate(x: ArrayLike<number> | Tensor, where = 'x'): void {
    validateValues(x, where, this.featureDim, binaryCheck, 'the bernoulli likelihood models binary data: binarise it first, or choose another likelihood');
  }
  variables(): Record<string, Variable> {
    return {};
  }
  dispose(): void {}
}

export const bernoulliLikelihood: LikelihoodPlugin = {
  kind: 'bernoulli',
  parseConfig: () => ({}),
  create: (_config, dims) => new BernoulliLikelihood(dims),
};
