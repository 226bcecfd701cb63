import { DiagGaussian, GaussianLikelihood } from '@vaekit/core';
import { ConfigError } from '@vaekit/core/errors';
import { lowerExpClip } from '../../lower/log-variance.js';
import { likelihoodLowerings, type LikelihoodLowering } from '../registries.js';

/** N(loc, diag(scale²)): outputs `loc` and `scale` [batch, features] (a learned or fixed σ per feature, broadcast). */
export const gaussianLowering: LikelihoodLowering = {
  kind: 'gaussian',
  inputDomain: () => 'real',
  usesLibrary: () => false,
  lower(lik, g, heads) {
    if (!(lik instanceof GaussianLikelihood)) throw new ConfigError(`ONNX export: the gaussian lowering got a ${lik.constructor.name}`);
    const loc = heads.loc;
    const sigma = lik.logScale ? lowerExpClip(g, g.weight('likelihood/logScale', lik.logScale), -12, 12, 'scale') : g.floats('likelihood/scale', [lik.config.scale], [1]);
    return [
      { name: 'loc', value: loc, size: lik.featureDim, description: 'Gaussian mean' },
      { name: 'scale', value: g.op('Expand', [sigma, g.op('Shape', [loc])]), size: lik.featureDim, description: 'Gaussian standard deviation σ, broadcast to [batch, features]' },
    ];
  },
  reference(_lik, dist) {
    const d = dist as DiagGaussian;
    if (!(d instanceof DiagGaussian)) throw new ConfigError('ONNX export: the gaussian likelihood did not give a DiagGaussian');
    return { loc: d.loc, scale: d.scale };
  },
};

likelihoodLowerings.register(gaussianLowering);
