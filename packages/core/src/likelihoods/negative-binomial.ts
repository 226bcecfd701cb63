import type { Tensor } from '@tensorflow/tfjs-core';
import { NegativeBinomial } from '../distributions/negative-binomial.js';
import type { Distribution } from '../distributions/distribution.js';
import { SoftmaxNegativeBinomial } from '../distributions/softmax-negative-binomial.js';
import * as tf from '@tensorflow/tfjs-core';
import type { HeadSpec, JsonObject, LikelihoodContext, LikelihoodDims, LikelihoodPlugin } from '../plugins/contracts.js';
import { CountLikelihood, parseCountConfig, type CountLikelihoodConfig } from './count-likelihood.js';
import { Dispersion, LOG_THETA_RANGE, parseDispersion, type DispersionConfig } from './dispersion.js';

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

  /** Whether the scVI case (library offset, one θ per gene, [B, G] data) may use the fused NB kernel. */
  protected fusedEligible(): boolean {
    return true;
  }

  override distribution(heads: Record<string, Tensor>, ctx: LikelihoodContext): Distribution {
    const logTheta = this.dispersion.logTheta;
    if (this.fusedEligible() && this.config.libraryOffset && this.config.dispersion === 'gene' && logTheta && heads.mean.rank === 2 && ctx.logLibrarySize) {
      return new SoftmaxNegativeBinomial(heads.mean, ctx.logLibrarySize, tf.clipByValue(logTheta, LOG_THETA_RANGE[0], LOG_THETA_RANGE[1]), () => super.distribution(heads, ctx));
    }
    return super.distribution(heads, ctx);
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
