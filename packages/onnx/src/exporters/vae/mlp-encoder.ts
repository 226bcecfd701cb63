import { MlpEncoder } from '@vaekit/core';
import { ConfigError } from '@vaekit/core/errors';
import { denseLowering } from '../../lower/dense.js';
import { lowerInputTransform } from '../../lower/input-transforms.js';
import { lowerClip } from '../../lower/log-variance.js';
import { concatOrThrow, mlpLowering } from '../../lower/mlp.js';
import { encoderLowerings, type EncoderLowering } from '../registries.js';

/** Core's MLP encoder: input transform → trunk (covariates where configured) → mean head, clipped log-variance head. */
export const mlpEncoderLowering: EncoderLowering = {
  kind: 'mlp',
  lower(encoder, g, inputs) {
    if (!(encoder instanceof MlpEncoder)) throw new ConfigError(`ONNX export: the "mlp" encoder lowering got a ${encoder.constructor.name}`, 'register a lowering for your encoder class under its own kind');
    const x = inputs.features();
    const cov = encoder.covariateDim > 0 ? inputs.covariates() : undefined;
    let h = lowerInputTransform(g, x, encoder.config.inputTransform);
    h = mlpLowering.lower(g, h, encoder.trunk, { covariates: cov, name: 'encoder' });
    if (encoder.trunk.headTakesCovariates) h = concatOrThrow(g, h, encoder.covariateDim, 2, cov);
    const mean = denseLowering.lower(g, h, encoder.meanHead, { name: 'encoder/mean' });
    const raw = denseLowering.lower(g, h, encoder.logVarHead, { name: 'encoder/logvar' });
    return { mean, logvar: lowerClip(g, raw, -encoder.config.maxLogVar, encoder.config.maxLogVar, 'encoder/logvar_clip') };
  },
};

encoderLowerings.register(mlpEncoderLowering);
