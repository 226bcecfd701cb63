import { ConfigError } from '@vaekit/core';
import { attr, decoderLowerings, denseLowering, lowerActivation, type DecoderLowering } from '@vaekit/onnx';
import { ReadoutDecoder } from '../plugins/readout-decoder.js';
import { sequenceCovariates } from './sequence-inputs.js';

/** The per-step readout: z [batch, time, D] → factors z·F (if any) → concat c_t → each head [f, c]·W + b, activation applied. */
export const readoutLowering: DecoderLowering = {
  kind: 'readout',
  lower(decoder, g, inputs) {
    if (!(decoder instanceof ReadoutDecoder)) throw new ConfigError(`ONNX export: the "readout" decoder lowering got a ${decoder.constructor.name}`);
    let f = inputs.latent(['batch', 'time', decoder.latentDim]);
    if (decoder.factorKernel) f = g.op('MatMul', [f, g.weight('decoder/factors/kernel', decoder.factorKernel)]);
    if (decoder.dims.covariateDim > 0) f = g.op('Concat', [f, sequenceCovariates(inputs, decoder.dims.covariateDim)], { axis: attr.int(2) });
    const out: Record<string, string> = {};
    for (const h of decoder.heads) out[h.spec.name] = lowerActivation(g, denseLowering.lower(g, f, h, { rank: 3, name: `decoder/${h.spec.name}` }), h.spec.activation);
    return out;
  },
};

decoderLowerings.register(readoutLowering);
