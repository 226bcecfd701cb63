import type { Tensor } from '@tensorflow/tfjs-core';
import { NegativeBinomial } from '../distributions/negative-binomial.js';
import type { Distribution } from '../distributions/distribution.js';
import type { HeadSpec, JsonObject, LikelihoodContext, LikelihoodDims, LikelihoodPlugin } from '../plugins/contracts.js';
import { CountLikelihood, parseCountConfig, type CountLikelihoodConfig } from './count-likelihood.js';
import { Dispersion, parseDispersion, type DispersionConfig } from './dispersion.js';

export type NbLikelihoodConfig = CountLikelihoodConfig & DispersionConfig & JsonObject;

/** p(x | z) = NB(μ, θ): μ from the decoder (with library offset), θ per gene, gene×covariate or gene×cell. */
export class NbLikelihood extends CountLikelihood<NbLikelihoodConfig> {
  readonly kind: string = 'nb';
  readonly dispersion: Dispersion;

  constructor(config: NbLikelihoodConfig, dims: LikelihoodDims, seed = 0) {
    super(config, dims, seed);
    this.dispersion = new Dispersion(config, this.store, dims.featureDim, dims.covariates);
  }

  protected override extraHeads(): HeadSpec[] {
    return this.dispersion.heads();
  }

  protected fromLogMean(logMu: Tensor, heads: Record<string, Tensor>, ctx: LikelihoodContext): Distribution {
    return new NegativeBinomial({ logMu, theta: this.dispersion.theta(heads, ctx) });
  }
}

export function parseNbConfig(raw: JsonObject, kind: string): NbLikelihoodConfig {
  return { ...parseCountConfig(raw, kind), ...parseDispersion(raw, kind) } as NbLikelihoodConfig;
}

export const nbLikelihood: LikelihoodPlugin = {
  kind: 'nb',
  parseConfig: (raw) => parseNbConfig(raw, 'nb'),
  create(config, dims, seed) {
    return new NbLikelihood(this.parseConfig(config) as NbLikelihoodConfig, dims, seed);
  },
};
