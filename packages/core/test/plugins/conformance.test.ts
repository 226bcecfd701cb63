// Every built-in plugin passes the shared conformance suite that domain packages also run.
import * as tf from '@tensorflow/tfjs-core';
import '../../src/index.js';
import { DiagGaussian } from '../../src/distributions/diag-gaussian.js';
import { encoders, likelihoods, priors } from '../../src/plugins/registries.js';
import type { ConditionalGaussianPrior } from '../../src/priors/conditional-gaussian.js';
import type { MixtureOfGaussiansPrior } from '../../src/priors/mixture-of-gaussians.js';
import { encoderConformance, likelihoodConformance, priorConformance } from '../../src/testing/index.js';

/** Deterministic small data in each likelihood's support. */
const counts = (f: number) => (n: number) => Float32Array.from({ length: n * f }, (_, i) => (i * 7919) % 13 + ((i % 5) === 0 ? 40 : 0));
const binary = (f: number) => (n: number) => Float32Array.from({ length: n * f }, (_, i) => ((i * 31) % 7) % 2);
const reals = (f: number) => (n: number) => Float32Array.from({ length: n * f }, (_, i) => Math.sin(i * 1.3) * 2);
const classes = (f: number, k: number) => (n: number) => Float32Array.from({ length: n * f }, (_, i) => (i * 5) % k);
const batchCov = [{ name: 'batch', type: 'categorical' as const, levels: ['a', 'b', 'c'] }];

likelihoodConformance(likelihoods.get('gaussian'), [
  { name: 'learned variance', config: {}, featureDim: 5, data: reals(5) },
  { name: 'fixed variance', config: { variance: 'fixed', scale: 0.5 }, featureDim: 3, data: reals(3) },
]);
likelihoodConformance(likelihoods.get('bernoulli'), [{ name: 'default', config: {}, featureDim: 6, data: binary(6), invalidValue: 0.5 }]);
likelihoodConformance(likelihoods.get('categorical'), [{ name: '4 classes', config: { classes: 4 }, featureDim: 3, data: classes(3, 4), invalidValue: 4 }]);
likelihoodConformance(likelihoods.get('poisson'), [
  { name: 'library offset', config: {}, featureDim: 8, data: counts(8), invalidValue: -1 },
  { name: 'no offset', config: { libraryOffset: false }, featureDim: 4, data: counts(4), invalidValue: 1.5 },
]);
likelihoodConformance(likelihoods.get('nb'), [
  { name: 'gene dispersion', config: {}, featureDim: 8, data: counts(8), invalidValue: -2 },
  { name: 'gene×batch dispersion', config: { dispersion: 'gene-covariate', dispersionCovariate: 'batch' }, featureDim: 6, covariates: batchCov, data: counts(6), invalidValue: 0.3 },
  { name: 'gene×cell dispersion, no offset', config: { dispersion: 'gene-cell', libraryOffset: false }, featureDim: 5, data: counts(5) },
]);
likelihoodConformance(likelihoods.get('zinb'), [
  { name: 'gene dispersion', config: {}, featureDim: 7, data: counts(7), invalidValue: -1 },
  { name: 'gene×batch dispersion', config: { dispersion: 'gene-covariate', dispersionCovariate: 'batch' }, featureDim: 4, covariates: batchCov, data: counts(4) },
]);
likelihoodConformance(likelihoods.get('composite'), [
  {
    // a CITE-seq cell: RNA counts (NB with library size) and protein counts (NB without)
    name: 'rna + protein',
    config: { groups: [{ name: 'rna', size: 6, likelihood: { kind: 'nb' } }, { name: 'protein', size: 3, likelihood: { kind: 'nb', config: { libraryOffset: false } } }] },
    featureDim: 9,
    data: counts(9),
    invalidValue: -1,
  },
  {
    // treatment-effect covariates: binary and continuous columns
    name: 'binary + continuous',
    config: { groups: [{ name: 'flags', size: 2, likelihood: { kind: 'bernoulli' } }, { name: 'measures', size: 3, likelihood: { kind: 'gaussian' } }] },
    featureDim: 5,
    data: (n) => Float32Array.from({ length: n * 5 }, (_, i) => (i % 5 < 2 ? (i * 3) % 2 : Math.cos(i))),
  },
]);

const oneHot = (k: number) => (n: number) => tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Array.from({ length: n }, (_, i) => i % k), 'int32'), k), 'float32'));

priorConformance(priors.get('standard-normal'), [
  { name: 'D = 4', config: {}, latentDim: 4, matching: (_p, _c, n) => new DiagGaussian(tf.zeros([n, 4]), tf.ones([n, 4])) },
]);
priorConformance(priors.get('conditional-gaussian'), [
  {
    name: '3 levels',
    config: {},
    latentDim: 3,
    condDim: 3,
    cond: oneHot(3),
    matching: (p, cond) => (p as ConditionalGaussianPrior).conditional(cond),
  },
]);
priorConformance(priors.get('mixture-of-gaussians'), [
  { name: 'K = 5', config: { components: 5 }, latentDim: 3 },
  {
    name: 'K = 1 equals its component',
    config: { components: 1 },
    latentDim: 2,
    matching: (p, _c, n) => {
      const m = p as MixtureOfGaussiansPrior;
      return new DiagGaussian(tf.broadcastTo(m.means, [n, 2]), tf.broadcastTo(tf.exp(m.logScales), [n, 2]));
    },
  },
]);

encoderConformance(encoders.get('mlp'), [
  { name: 'two hidden layers, log1p input', config: { hidden: [16, 8], inputTransform: 'log1p' }, inputDim: 10, latentDim: 3, data: counts(10) },
  { name: 'layer norm + gelu + covariates', config: { hidden: [12], activation: 'gelu', layerNorm: true, useCovariates: true }, inputDim: 6, latentDim: 2, covariateDim: 3, data: reals(6) },
  { name: 'no hidden layer', config: { hidden: [] }, inputDim: 4, latentDim: 2, data: reals(4) },
]);
