import { layerLowerings, type LayerLowering } from './layer-lowering.js';

/** Dropout is active in training only: at inference it is the identity, so it adds no node. */
export const dropoutLowering: LayerLowering<{ rate: number } | undefined> = {
  kind: 'dropout',
  lower: (_g, x) => x,
};

layerLowerings.register(dropoutLowering);
