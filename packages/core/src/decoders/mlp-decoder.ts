import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { activations } from '../nn/activations.js';
import { Dense } from '../nn/dense.js';
import { concatCovariates, Mlp, parseMlpConfig, type MlpConfig } from '../nn/mlp.js';
import { ParamStore } from '../nn/params.js';
import type { DecodeContext, Decoder, DecoderDims, DecoderPlugin, HeadSpec, JsonObject } from '../plugins/contracts.js';

/**
 * The decoder builder: an MLP trunk from z (+ covariates in every layer) and one dense head per
 * HeadSpec the likelihood declared, each with its declared output activation.
 */
export class MlpDecoder implements Decoder {
  readonly kind = 'mlp';
  readonly trunk: Mlp;
  readonly heads: { spec: HeadSpec; dense: Dense }[];
  private readonly store: ParamStore;

  constructor(
    readonly config: MlpConfig & JsonObject,
    readonly dims: DecoderDims,
    seed = 0,
  ) {
    this.store = new ParamStore('decoder', seed);
    this.trunk = new Mlp(this.store, config, dims.latentDim, dims.covariateDim);
    const headIn = this.trunk.outputDim + (this.trunk.headTakesCovariates ? dims.covariateDim : 0);
    this.heads = dims.heads.map((spec) => {
      activations.get(spec.activation);
      return { spec, dense: new Dense(this.store, `head/${spec.name}`, headIn, spec.size) };
    });
  }

  get latentDim(): number {
    return this.dims.latentDim;
  }

  decode(z: Tensor, ctx: DecodeContext = {}): Record<string, Tensor> {
    return tf.tidy(() => {
      let h = this.trunk.apply(z, ctx.covariates, ctx.training ?? false, ctx.seed);
      if (this.trunk.headTakesCovariates) h = concatCovariates(h, ctx.covariates);
      const out: Record<string, Tensor> = {};
      for (const { spec, dense } of this.heads) {
        out[spec.name] = activations.get(spec.activation).apply(dense.apply(h));
      }
      return out;
    });
  }

  variables(): Record<string, Variable> {
    return this.store.variables();
  }

  dispose(): void {
    this.store.dispose();
  }
}

export const mlpDecoder: DecoderPlugin = {
  kind: 'mlp',
  parseConfig: (raw) => parseMlpConfig(raw, 'mlp decoder') as unknown as JsonObject,
  create(config, dims, seed) {
    return new MlpDecoder(this.parseConfig(config) as MlpConfig & JsonObject, dims, seed);
  },
};
