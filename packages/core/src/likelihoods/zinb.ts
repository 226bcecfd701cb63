import type { Tensor } from '@tensorflow/tfjs-core';
import { ZeroInflatedNegativeBinomial } from '../distributions/zinb.js';
import type { Distribution } from '../distributions/distribution.js';
import type { HeadSpec, LikelihoodContext, LikelihoodPlugin } from '../plugins/contracts.js';
import { NbLikelihood, parseNbConfig, type NbLikelihoodConfig } from './negative-binomial.js';

/** p(x | z) = ZINB(μ, θ, π): the NB likelihood plus a decoder head of zero-inflation logits per feature. */
export class ZinbLikelihood extends NbLikelihood {
  override readonly kind = 'zinb';

  protected override fusedEligible(): boolean {
    return false;
  }

  protected override extraHeads(): HeadSpec[] {
    return [...super.extraHeads(), { name: 'gateLogits', size: this.featureDim, activation: 'linear' }];
  }

  protected override fromLogMean(logMu: Tensor, heads: Record<string, Tensor>, ctx: LikelihoodContext): Distribution {
    return new ZeroInflatedNegativeBinomial({ logMu, theta: this.dispersion.theta(heads, ctx), gateLogits: heads.gateLogits });
  }
}

export const zinbLikelihood: LikelihoodPlugin = {
  kind: 'zinb',
  parseConfig: (raw) => parseNbConfig(raw, 'zinb'),
  create(config, dims, seed) {
    return new ZinbLikelihood(this.parseConfig(config) as NbLikelihoodConfig, dims, seed);
  },
};
