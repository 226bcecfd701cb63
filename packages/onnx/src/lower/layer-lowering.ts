import { Registry, type Registered } from '@vaekit/core';
import type { GraphBuilder } from '../graph/graph-builder.js';

/**
 * Lowers one kind of layer to ONNX nodes: reads the layer's weights into initializers, adds its
 * nodes after `input`, returns the output value name. `L` is the layer (a core Dense, LayerNorm,
 * Conv1d, Gru, …), `O` what the caller must say that the layer object does not (activation, rank).
 */
export interface LayerLowering<L, O = undefined> extends Registered {
  readonly kind: string;
  lower(g: GraphBuilder, input: string, layer: L, options: O): string;
}

/**
 * Every layer lowering by kind ('dense', 'layer-norm', 'dropout', 'embedding', 'conv1d',
 * 'covariate-concat', 'mlp', 'gru', …). Callers that know the layer's type import its lowering
 * directly (typed); the registry lists what can be lowered, and other packages add theirs here.
 */
export const layerLowerings = new Registry<LayerLowering<never, never>>('layer lowering');
