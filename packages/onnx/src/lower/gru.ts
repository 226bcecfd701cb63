import type { Gru } from '@vaekit/core';
import { attr, type AttrValue } from '../proto/attributes.js';
import { layerLowerings, type LayerLowering } from './layer-lowering.js';

export interface GruLoweringOptions {
  /** Initial state value [B, H] (zeros when absent). */
  h0?: string;
  name?: string;
}

/** [rows, cols] row-major → its transpose. */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/**
 * Core's Gru (reset_after = false, gate order z, r, h like ONNX) as one ONNX GRU node:
 * linear_before_reset = 0, W = kernelᵀ [1, 3H, F], R = recurrentKernelᵀ [1, 3H, H],
 * B = [bias, zeros(3H)] [1, 6H] (ONNX adds a recurrent bias that core does not have), direction
 * 'reverse' for goBackwards (outputs stay in input time order, as core's), hardSigmoid as
 * HardSigmoid(0.2, 0.5). onnxruntime's CPU GRU needs layout 0 (time-major): x [B, T, F] is
 * transposed to [T, B, F] and Y [T, 1, B, H] squeezed and transposed back to [B, T, H].
 */
export const gruLowering: LayerLowering<Gru, GruLoweringOptions | undefined> = {
  kind: 'gru',
  lower(g, x, gru, options = {}) {
    const name = options.name ?? 'gru';
    const H = gru.units;
    const F = gru.inputDim;
    const w = g.constant(`${name}/W`, transpose(gru.kernel.dataSync() as Float32Array, F, 3 * H), [1, 3 * H, F]);
    const r = g.constant(`${name}/R`, transpose(gru.recurrentKernel.dataSync() as Float32Array, H, 3 * H), [1, 3 * H, H]);
    const bias = new Float32Array(6 * H);
    bias.set(gru.bias.dataSync() as Float32Array);
    const b = g.constant(`${name}/B`, bias, [1, 6 * H]);
    const h0 = options.h0 ? g.op('Unsqueeze', [options.h0, g.int64s(`${name}/h0_axes`, [0])]) : '';
    const attrs: Record<string, AttrValue> = {
      hidden_size: attr.int(H),
      direction: attr.string(gru.goBackwards ? 'reverse' : 'forward'),
      linear_before_reset: attr.int(0),
      layout: attr.int(0),
    };
    if (gru.recurrentActivation === 'hardSigmoid') {
      attrs.activations = attr.strings(['HardSigmoid', 'Tanh']);
      attrs.activation_alpha = attr.floats([0.2]);
      attrs.activation_beta = attr.floats([0.5]);
    } else attrs.activations = attr.strings(['Sigmoid', 'Tanh']);
    const timeMajor = g.op('Transpose', [x], { perm: attr.ints([1, 0, 2]) });
    const inputs = h0 ? [timeMajor, w, r, b, '', h0] : [timeMajor, w, r, b];
    const y = g.op('GRU', inputs, attrs);
    const states = g.op('Squeeze', [y, g.int64s(`${name}/direction_axis`, [1])]);
    return g.op('Transpose', [states], { perm: attr.ints([1, 0, 2]) });
  },
};

layerLowerings.register(gruLowering);
