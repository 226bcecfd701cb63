import { likelihoodLowerings, type LikelihoodLowering } from '../registries.js';

/** Bernoulli(sigmoid(logits)): outputs `logits` and `probs` [batch, features]. */
export const bernoulliLowering: LikelihoodLowering = {
  kind: 'bernoulli',
  inputDomain: () => 'binary',
  usesLibrary: () => false,
  lower: (lik, g, heads) => [
    { name: 'logits', value: heads.logits, size: lik.featureDim, description: 'Bernoulli logits' },
    { name: 'probs', value: g.op('Sigmoid', [heads.logits]), size: lik.featureDim, description: 'probability of a 1: sigmoid(logits)' },
  ],
  reference: (_lik, dist, heads) => ({ logits: heads.logits, probs: dist.mean() }),
};

likelihoodLowerings.register(bernoulliLowering);
