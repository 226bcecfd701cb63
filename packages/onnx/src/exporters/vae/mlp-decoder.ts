import { MlpDecoder } from '@vaekit/core';
import { ConfigError } from '@vaekit/core/errors';
import { lowerActivation } from '../../lower/activations.js';
import { denseLowering } from '../../lower/dense.js';
import { concatOrThrow, mlpLowering } from '../../lower/mlp.js';
import { decoderLowerings, type DecoderLowering } from '../registries.js';

/** Core's MLP decoder: trunk from z (covariates in every layer by default) → one dense head per likelihood head, with its activation. */
export const mlpDecoderLowering: DecoderLowering = {
  kind: 'mlp',
  lower(decoder, g, inputs) {
    if (!(decoder instanceof MlpDecoder)) throw new ConfigError(`ONNX export: the "mlp" decoder lowering got a ${decoder.constructor.name}`, 'register a lowering for your decoder class under its own kind');
    const z = inputs.latent();
    const cov = decoder.dims.covariateDim > 0 ? inputs.covariates() : undefined;
    let h = mlpLowering.lower(g, z, decoder.trunk, { covariates: cov, name: 'decoder' });
    if (decoder.trunk.headTakesCovariates) h = concatOrThrow(g, h, decoder.dims.covariateDim, 2, cov);
    const heads: Record<string, string> = {};
    for (const { spec, dense } of decoder.heads) {
      heads[spec.name] = lowerActivation(g, denseLowering.lower(g, h, dense, { name: `decoder/head/${spec.name}` }), spec.activation);
    }
    return heads;
  },
};

decoderLowerings.register(mlpDecoderLowering);
