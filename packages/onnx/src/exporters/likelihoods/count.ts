import type { Likelihood } from '@vaekit/core';
import { likelihoodLowerings, type LikelihoodLowering } from '../registries.js';
import { libraryOffset, lowerCountMean, lowerTheta } from './count-parameters.js';

const MEAN = 'count mean μ: library × softmax(decoder) with the library offset, exp(decoder) without';
const THETA = 'NB inverse dispersion θ (variance μ + μ²/θ), broadcast to [batch, features]';
const GATE = 'zero-inflation logits: the probability of a structural zero is sigmoid(gateLogits)';

const countBase = {
  inputDomain: () => 'counts' as const,
  usesLibrary: (likelihood: Likelihood) => libraryOffset(likelihood),
};

/** Poisson(μ): output `mean` [batch, features]. */
export const poissonLowering: LikelihoodLowering = {
  kind: 'poisson',
  ...countBase,
  lower: (lik, g, heads, inputs) => [{ name: 'mean', value: lowerCountMean(lik, g, heads.mean, inputs), size: lik.featureDim, description: MEAN }],
  reference: (_lik, dist) => ({ mean: dist.mean() }),
};

/** NB(μ, θ): outputs `mean` and `theta` [batch, features]. */
export const nbLowering: LikelihoodLowering = {
  kind: 'nb',
  ...countBase,
  lower(lik, g, heads, inputs) {
    const mean = lowerCountMean(lik, g, heads.mean, inputs);
    return [
      { name: 'mean', value: mean, size: lik.featureDim, description: MEAN },
      { name: 'theta', value: lowerTheta(lik, g, heads, inputs, mean), size: lik.featureDim, description: THETA },
    ];
  },
  reference(_lik, dist) {
    const p = (dist.parameters as NonNullable<typeof dist.parameters>)();
    return { mean: p.mean, theta: p.theta };
  },
};

/** ZINB(μ, θ, π): NB's outputs and `gateLogits` [batch, features], named as core's head. */
export const zinbLowering: LikelihoodLowering = {
  kind: 'zinb',
  ...countBase,
  lower(lik, g, heads, inputs) {
    return [...nbLowering.lower(lik, g, heads, inputs), { name: 'gateLogits', value: heads.gateLogits, size: lik.featureDim, description: GATE }];
  },
  reference(_lik, dist) {
    const p = (dist.parameters as NonNullable<typeof dist.parameters>)();
    return { mean: p.mean, theta: p.theta, gateLogits: p.gateLogits };
  },
};

for (const l of [poissonLowering, nbLowering, zinbLowering]) likelihoodLowerings.register(l);
