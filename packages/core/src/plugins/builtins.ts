import { mlpDecoder } from '../decoders/mlp-decoder.js';
import { mlpEncoder } from '../encoders/mlp-encoder.js';
import { bernoulliLikelihood } from '../likelihoods/bernoulli.js';
import { categoricalLikelihood } from '../likelihoods/categorical.js';
import { compositeLikelihood } from '../likelihoods/composite.js';
import { gaussianLikelihood } from '../likelihoods/gaussian.js';
import { nbLikelihood } from '../likelihoods/negative-binomial.js';
import { poissonLikelihood } from '../likelihoods/poisson.js';
import { zinbLikelihood } from '../likelihoods/zinb.js';
import { conditionalGaussianPrior } from '../priors/conditional-gaussian.js';
import { mixtureOfGaussiansPrior } from '../priors/mixture-of-gaussians.js';
import { standardNormalPrior } from '../priors/standard-normal.js';
import { decoders, encoders, likelihoods, priors } from './registries.js';

// Importing @vaekit/core registers its built-in plugins, as domain packages do with theirs.
for (const p of [gaussianLikelihood, bernoulliLikelihood, poissonLikelihood, nbLikelihood, zinbLikelihood, categoricalLikelihood, compositeLikelihood]) likelihoods.register(p);
for (const p of [standardNormalPrior, conditionalGaussianPrior, mixtureOfGaussiansPrior]) priors.register(p);
encoders.register(mlpEncoder);
decoders.register(mlpDecoder);
