import type { Mlp } from '@vaekit/core';
import { ConfigError } from '@vaekit/core/errors';
import type { GraphBuilder } from '../graph/graph-builder.js';
import { lowerActivation } from './activations.js';
import { covariateConcatLowering } from './covariate-concat.js';
import { denseLowering } from './dense.js';
import { dropoutLowering } from './dropout.js';
import { layerLowerings, type LayerLowering } from './layer-lowering.js';
import { layerNormLowering } from './layer-norm.js';

export interface MlpLoweringOptions {
  /** The covariate value [B, C] when the trunk was built with covariates. */
  covariates?: string;
  /** Rank of the input (2, or 3 for [B, T, F]). */
  rank?: number;
  name?: string;
}

/**
 * Core's Mlp trunk, layer by layer as `Mlp.apply` runs it: [concat covariates] → dense →
 * [layer norm] → activation → dropout (identity at inference). Without layer norm a ReLU is the
 * dense layer's fused activation; the result is the same Gemm → Relu.
 */
export const mlpLowering: LayerLowering<Mlp, MlpLoweringOptions | undefined> = {
  kind: 'mlp',
  lower(g, x, mlp, options = {}) {
    const name = options.name ?? 'mlp';
    const rank = options.rank ?? 2;
    let h = x;
    mlp.layers.forEach((layer, i) => {
      const input = layer.takesCovariates ? concatOrThrow(g, h, mlp.covariateDim, rank, options.covariates) : h;
      let y = denseLowering.lower(g, input, layer.dense, { rank, name: `${name}/layer${i}` });
      if (layer.norm) y = layerNormLowering.lower(g, y, layer.norm, { name: `${name}/layer${i}/norm` });
      y = lowerActivation(g, y, mlp.config.activation);
      h = dropoutLowering.lower(g, y, { rate: mlp.config.dropout }, undefined);
    });
    return h;
  },
};

/** Concatenates the covariates (core's concatCovariates). */
export function concatOrThrow(g: GraphBuilder, h: string, width: number, rank: number, covariates: string | undefined): string {
  if (!covariates) throw new ConfigError('ONNX export: this network takes covariates, but the graph has no covariate input', 'declare the covariates on the model (VaeConfig.covariates)');
  return covariateConcatLowering.lower(g, h, undefined, { covariates, width, rank });
}

layerLowerings.register(mlpLowering);
