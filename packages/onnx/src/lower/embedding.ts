import type { Tensor } from '@tensorflow/tfjs-core';
import { layerLowerings, type LayerLowering } from './layer-lowering.js';

/** An embedding table [V, E] (core's `embeddingLookup(table, ids)`). */
export interface EmbeddingLike {
  table: Tensor;
}

/** Embedding lookup: Gather(table, ids) on axis 0; ids are an int32 or int64 value of any shape → [...ids, E]. */
export const embeddingLowering: LayerLowering<EmbeddingLike, { name?: string } | undefined> = {
  kind: 'embedding',
  lower: (g, ids, layer, options = {}) => g.op('Gather', [g.weight(`${options.name ?? 'embedding'}/table`, layer.table), ids]),
};

layerLowerings.register(embeddingLowering);
