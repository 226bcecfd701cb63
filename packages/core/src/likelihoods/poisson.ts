import type { Tensor } from '@tensorflow/tfjs-core';
import { Poisson } from '../distributions/poisson.js';
import type { JsonObject, LikelihoodPlugin } from '../plugins/contracts.js';
import { CountLikelihood, parseCountConfig, type CountLikelihoodConfig } from './count-likelihood.js';

/** p(x | z) = Poisson(μ), μ = library × softmax(h) (or exp(h) without offset). */
export class PoissonLikelihood extends CountLikelihood<CountLikelihoodConfig & JsonObject> {
  readonly kind = 'poisson';
  protected fromLogMean(logMu: Tensor): Poisson {
    return new Poisson(logMu);
  }
}

export const poissonLikelihood: LikelihoodPlugin = {
  kind: 'poisson',
  parseConfig: (raw) => ({ ...parseCountConfig(raw, 'poisson') }),
  create(config, dims, seed) {
    return new PoissonLikelihood(this.parseConfig(config) as CountLikelihoodConfig & JsonObject, dims, seed);
  },
};
