/** The distributions of @vaekit/core (CompositeDistribution is exported separately from composite.ts). */
export type { Distribution } from './distribution.js';
export { IndependentDistribution } from './distribution.js';
export { DiagGaussian } from './diag-gaussian.js';
export { Bernoulli } from './bernoulli.js';
export { Categorical } from './categorical.js';
export { Poisson } from './poisson.js';
export { NegativeBinomial } from './negative-binomial.js';
export type { NegativeBinomialParams } from './negative-binomial.js';
export { ZeroInflatedNegativeBinomial } from './zinb.js';
export type { ZeroInflatedNegativeBinomialParams } from './zinb.js';
