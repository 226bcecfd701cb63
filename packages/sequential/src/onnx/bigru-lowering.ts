import { attr, denseLowering, encoderLowerings, gruLowering, lowerClip, lowerInputTransform, type EncoderLowering } from '@vaekit/onnx';
import { ConfigError } from '@vaekit/core';
import { BiGruEncoder } from '../plugins/bigru-encoder.js';
import { sequenceCovariates } from './sequence-inputs.js';

/**
 * The bidirectional-GRU posterior: x [batch, time, F] → input transform (→ concat covariates
 * [batch, time, C]) → forward and reverse GRU nodes (core's GRU lowering) → concat → per-step dense
 * heads for the mean and the clipped log-variance, each [batch, time, latent].
 */
export const biGruLowering: EncoderLowering = {
  kind: 'bigru',
  lower(encoder, g, inputs) {
    if (!(encoder instanceof BiGruEncoder)) throw new ConfigError(`ONNX export: the "bigru" encoder lowering got a ${encoder.constructor.name}`);
    let x = lowerInputTransform(g, inputs.features(['batch', 'time', encoder.inputDim]), encoder.config.inputTransform);
    if (encoder.covariateDim > 0) x = g.op('Concat', [x, sequenceCovariates(inputs, encoder.covariateDim)], { axis: attr.int(2) });
    const forward = gruLowering.lower(g, x, encoder.forward, { name: 'encoder/forward' });
    const backward = gruLowering.lower(g, x, encoder.backward, { name: 'encoder/backward' });
    const h = g.op('Concat', [forward, backward], { axis: attr.int(2) });
    const mean = denseLowering.lower(g, h, encoder.meanHead, { rank: 3, name: 'encoder/mean' });
    const raw = denseLowering.lower(g, h, encoder.logVarHead, { rank: 3, name: 'encoder/logvar' });
    return { mean, logvar: lowerClip(g, raw, -encoder.config.maxLogVar, encoder.config.maxLogVar, 'encoder/logvar_clip'), shape: ['batch', 'time', encoder.latentDim] };
  },
};

encoderLowerings.register(biGruLowering);
