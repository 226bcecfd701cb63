import type { Tensor } from '@tensorflow/tfjs-core';
import { attr } from '../proto/attributes.js';
import { layerLowerings, type LayerLowering } from './layer-lowering.js';

/** Core's LayerNorm: gain γ and offset β over the last axis, with its epsilon. */
export interface LayerNormLike {
  gamma: Tensor;
  beta: Tensor;
  epsilon: number;
}

/** LayerNormalization over the last axis, epsilon written explicitly (core/tfjs 1e-3; ONNX's default is 1e-5). */
export const layerNormLowering: LayerLowering<LayerNormLike, { name?: string } | undefined> = {
  kind: 'layer-norm',
  lower(g, x, layer, options = {}) {
    const name = options.name ?? 'norm';
    return g.op('LayerNormalization', [x, g.weight(`${name}/gamma`, layer.gamma), g.weight(`${name}/beta`, layer.beta)], { axis: attr.int(-1), epsilon: attr.float(layer.epsilon) });
  },
};

layerLowerings.register(layerNormLowering);
