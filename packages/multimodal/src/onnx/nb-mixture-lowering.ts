import { ConfigError, LOG_THETA_RANGE } from '@vaekit/core';
import { attr, likelihoodLowerings, lowerExpClip, type GraphBuilder, type LikelihoodLowering, type NetworkInputs } from '@vaekit/onnx';
import { NbMixture } from '../distributions/nb-mixture.js';
import { NbMixtureLikelihood } from '../likelihoods/nb-mixture.js';

/** θ [batch, features]: per feature (a learned vector) or a decoder head; log θ clipped as core does. */
function lowerMixtureTheta(lik: NbMixtureLikelihood, g: GraphBuilder, heads: Record<string, string>, like: string): string {
  const [lo, hi] = LOG_THETA_RANGE;
  const d = lik.dispersion;
  if (d.config.dispersion === 'gene-cell') return lowerExpClip(g, heads.logTheta, lo, hi, 'theta');
  if (d.config.dispersion !== 'gene' || !d.logTheta) {
    throw new ConfigError(`ONNX export: the nb-mixture likelihood with dispersion "${d.config.dispersion}" has no lowering`, 'export models with dispersion "gene" or "gene-cell"');
  }
  return g.op('Expand', [lowerExpClip(g, g.weight('likelihood/logTheta', d.logTheta), lo, hi, 'theta'), g.op('Shape', [like])]);
}

/**
 * totalVI's protein mixture: outputs `background` and `foreground` (the two NB means), `theta`,
 * `backgroundProbability` and the mixture `mean`, each [batch, features].
 */
export const nbMixtureLowering: LikelihoodLowering = {
  kind: 'nb-mixture',
  inputDomain: () => 'counts',
  usesLibrary: (lik) => lik.config.libraryOffset !== false,
  lower(lik, g, heads, inputs: NetworkInputs) {
    if (!(lik instanceof NbMixtureLikelihood)) throw new ConfigError(`ONNX export: the "nb-mixture" lowering got a ${lik.constructor.name}`);
    const logB = lik.config.libraryOffset ? g.op('Add', [g.op('LogSoftmax', [heads.background], { axis: attr.int(-1) }), g.op('Log', [inputs.library()])]) : heads.background;
    const background = g.op('Exp', [logB]);
    const one = g.floats('nb_mixture/one', [1], []);
    const foreground = g.op('Mul', [background, g.op('Add', [one, g.op('Softplus', [heads.foreground])])]);
    const pi = g.op('Sigmoid', [heads.mixingLogits]);
    const mean = g.op('Add', [g.op('Mul', [pi, background]), g.op('Mul', [g.op('Sub', [one, pi]), foreground])]);
    const f = lik.featureDim;
    return [
      { name: 'background', value: background, size: f, description: 'mean of the background NB component (library × softmax with the library offset)' },
      { name: 'foreground', value: foreground, size: f, description: 'mean of the foreground NB component: background × (1 + softplus(h))' },
      { name: 'theta', value: lowerMixtureTheta(lik, g, heads, background), size: f, description: 'NB inverse dispersion θ shared by both components' },
      { name: 'backgroundProbability', value: pi, size: f, description: 'prior probability that a count is background' },
      { name: 'mean', value: mean, size: f, description: 'mixture mean: π · background + (1 − π) · foreground' },
    ];
  },
  reference(_lik, dist) {
    if (!(dist instanceof NbMixture)) throw new ConfigError('ONNX export: the nb-mixture reference needs an NbMixture distribution');
    const p = dist.parameters();
    return { background: p.background, foreground: p.foreground, theta: p.theta, backgroundProbability: p.backgroundProbability, mean: p.mean };
  },
};

likelihoodLowerings.register(nbMixtureLowering);
