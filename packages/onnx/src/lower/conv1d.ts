import type { Conv1d } from '@vaekit/core';
import { attr, type AttrValue } from '../proto/attributes.js';
import { layerLowerings, type LayerLowering } from './layer-lowering.js';

/** The ONNX Conv weight [filters, inputChannels, kernelSize] from a tfjs kernel [kernelSize, inputChannels, filters]. */
export function onnxConvWeight(kernel: Float32Array, kernelSize: number, inputChannels: number, filters: number): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let j = 0; j < kernelSize; j++) {
    for (let c = 0; c < inputChannels; c++) {
      for (let f = 0; f < filters; f++) out[(f * inputChannels + c) * kernelSize + j] = kernel[(j * inputChannels + c) * filters + f];
    }
  }
  return out;
}

/**
 * Core's Conv1d on [B, T, C] (channels last, as tfjs): Transpose to [B, C, T] → Conv → Transpose
 * back. 'same' with stride 1 pads (span − 1) zeros, ⌊half⌋ before and the rest after, as TensorFlow;
 * with a stride the padding depends on T, so it is auto_pad SAME_UPPER (the odd zero at the end, as
 * TensorFlow), which works for any sequence length.
 */
export const conv1dLowering: LayerLowering<Conv1d, { name?: string } | undefined> = {
  kind: 'conv1d',
  lower(g, x, layer, options = {}) {
    const name = options.name ?? 'conv1d';
    const kernel = layer.kernel.dataSync() as Float32Array;
    const w = g.constant(`${name}/kernel`, onnxConvWeight(kernel, layer.kernelSize, layer.inputChannels, layer.filters), [layer.filters, layer.inputChannels, layer.kernelSize]);
    const b = g.weight(`${name}/bias`, layer.bias);
    const attrs: Record<string, AttrValue> = { kernel_shape: attr.ints([layer.kernelSize]), strides: attr.ints([layer.stride]), dilations: attr.ints([layer.dilation]) };
    if (layer.padding === 'valid') attrs.pads = attr.ints([0, 0]);
    else if (layer.stride === 1) {
      const total = layer.span - 1;
      attrs.pads = attr.ints([Math.floor(total / 2), total - Math.floor(total / 2)]);
    } else attrs.auto_pad = attr.string('SAME_UPPER');
    const nct = g.op('Transpose', [x], { perm: attr.ints([0, 2, 1]) });
    const y = g.op('Conv', [nct, w, b], attrs);
    return g.op('Transpose', [y], { perm: attr.ints([0, 2, 1]) });
  },
};

layerLowerings.register(conv1dLowering);
