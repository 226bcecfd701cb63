/**
 * @vaekit/core — engine selection, distributions, the likelihood / prior / encoder / decoder plugin
 * contracts and their registries, the VAE and its ELBO, training as an rxjs stream, persistence.
 * Importing this module registers the built-in plugins.
 */
// tfjs-core registers no gradients itself; this registers them all (needed for training).
import './train/register-gradients.js';
import './plugins/builtins.js';
import './vae/register.js';

export * from './errors.js';
export * from './engine/index.js';
export * from './math/index.js';
export * from './distributions/index.js';
export { CompositeDistribution } from './distributions/composite.js';
export { SoftmaxNegativeBinomial } from './distributions/softmax-negative-binomial.js';
export type { CompositePart } from './distributions/composite.js';

export type * from './plugins/contracts.js';
export { covariateWidth } from './plugins/contracts.js';
export { Registry } from './plugins/registry.js';
export type { Registered } from './plugins/registry.js';
export { likelihoods, priors, encoders, decoders } from './plugins/registries.js';

export { activations } from './nn/activations.js';
export type { Activation } from './nn/activations.js';
export { inputTransforms } from './nn/transforms.js';
export type { InputTransform } from './nn/transforms.js';
export { Dense, dense } from './nn/dense.js';
export type { DenseActivation } from './nn/dense.js';
export { nbSoftmaxLogLik } from './nn/nb-softmax.js';
export { FusedAdam, adamUpdate, adamAttrs } from './nn/fused-adam.js';
export type { AdamOptions } from './nn/fused-adam.js';
export { setSimdEnabled } from './nn/simd/instance.js';
export { log1pFast } from './nn/log1p-fast.js';
export { DataParallelTrainer } from './parallel/data-parallel-trainer.js';
export type { DataParallelOptions, HostBatch, ParallelStepResult } from './parallel/data-parallel-trainer.js';
export type { ReplicaModel, ReplicaFactory } from './parallel/replica.js';
export { LayerNorm } from './nn/layer-norm.js';
export { Conv1d } from './nn/conv1d.js';
export type { Conv1dOptions, Conv1dPadding } from './nn/conv1d.js';
export { Gru, gruRecurrence } from './nn/gru.js';
export type { GruOptions, GruRecurrentActivation } from './nn/gru.js';
export { embeddingLookup } from './nn/embedding.js';
export { stopGradient } from './nn/stop-gradient.js';
export { Mlp, MLP_DEFAULTS, parseMlpConfig, concatCovariates } from './nn/mlp.js';
export type { MlpConfig, MlpLayer } from './nn/mlp.js';
export { ParamStore, deriveSeed } from './nn/params.js';
export type { Initializer } from './nn/params.js';

export { MlpEncoder, mlpEncoder } from './encoders/mlp-encoder.js';
export type { MlpEncoderConfig } from './encoders/mlp-encoder.js';
export { MlpDecoder, mlpDecoder } from './decoders/mlp-decoder.js';

export { GaussianLikelihood, gaussianLikelihood } from './likelihoods/gaussian.js';
export { BernoulliLikelihood, bernoulliLikelihood } from './likelihoods/bernoulli.js';
export { CategoricalLikelihood, categoricalLikelihood } from './likelihoods/categorical.js';
export { PoissonLikelihood, poissonLikelihood } from './likelihoods/poisson.js';
export { NbLikelihood, nbLikelihood } from './likelihoods/negative-binomial.js';
export type { NbLikelihoodConfig } from './likelihoods/negative-binomial.js';
export { ZinbLikelihood, zinbLikelihood } from './likelihoods/zinb.js';
export { CompositeLikelihood, compositeLikelihood } from './likelihoods/composite.js';
export type { CompositeGroup } from './likelihoods/composite.js';
export { CountLikelihood } from './likelihoods/count-likelihood.js';
export { Dispersion, LOG_THETA_RANGE } from './likelihoods/dispersion.js';
export type { DispersionMode, DispersionConfig } from './likelihoods/dispersion.js';
export { observeLibrary, logMeanFromHead } from './likelihoods/library-offset.js';
export { validateCounts, validateValues } from './likelihoods/validate.js';

export { StandardNormalPrior, standardNormalPrior } from './priors/standard-normal.js';
export { ConditionalGaussianPrior, conditionalGaussianPrior } from './priors/conditional-gaussian.js';
export { MixtureOfGaussiansPrior, mixtureOfGaussiansPrior } from './priors/mixture-of-gaussians.js';

export { VAE } from './vae/vae.js';
export type { VaeConfig, PluginRef, ElboOptions, ElboOutput } from './vae/vae.js';
export { activeUnits } from './vae/active-units.js';
export type { ActiveUnits } from './vae/active-units.js';
export { pruneLatents } from './vae/prune.js';

export * from './data/index.js';
export * from './train/index.js';
export * from './persistence/index.js';
export * from './simulate/index.js';
export * from './metrics/index.js';
