import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import {
  activations,
  ConfigError,
  dense,
  InputError,
  ParamStore,
  type DecodeContext,
  type Decoder,
  type DecoderDims,
  type DecoderPlugin,
  type HeadSpec,
  type JsonObject,
} from '@vaekit/core';

export interface ReadoutDecoderConfig {
  /** Width of a linear factor layer between z_t and the readout (LFADS's factors); 0 (default): none. */
  factors: number;
}

/**
 * The observation readout of a state-space VAE, per time step: factors f_t = z_t·F (optional, no
 * bias), then each likelihood head = [f_t, c_t]·W + b — a linear readout of the latent with a
 * per-neuron bias (for Poisson: the log-rate), the task covariates c_t entering additively (the
 * conditional model). z [B, T, D] (+ c [B, T, C]) → heads [B, T, size].
 */
export class ReadoutDecoder implements Decoder {
  readonly kind = 'readout';
  readonly factorKernel: Variable | undefined;
  readonly heads: Array<{ spec: HeadSpec; kernel: Variable; bias: Variable }>;
  private readonly store: ParamStore;

  constructor(
    readonly config: ReadoutDecoderConfig & JsonObject,
    readonly dims: DecoderDims,
    seed = 0,
  ) {
    this.store = new ParamStore('decoder', seed);
    const width = config.factors > 0 ? config.factors : dims.latentDim;
    this.factorKernel = config.factors > 0 ? this.store.create('factors/kernel', [dims.latentDim, config.factors], 'glorot-uniform') : undefined;
    this.heads = dims.heads.map((spec) => ({
      spec,
      kernel: this.store.create(`${spec.name}/kernel`, [width + dims.covariateDim, spec.size], 'glorot-uniform'),
      bias: this.store.create(`${spec.name}/bias`, [spec.size], 'zeros'),
    }));
  }

  get latentDim(): number {
    return this.dims.latentDim;
  }

  /** f_t = z_t·F, or z_t without a factor layer. */
  factors(z: Tensor): Tensor {
    return this.factorKernel ? tf.tidy(() => tf.reshape(tf.matMul(tf.reshape(z, [-1, this.latentDim]), this.factorKernel!), [...z.shape.slice(0, -1), this.config.factors])) : z;
  }

  decode(z: Tensor, ctx: DecodeContext = {}): Record<string, Tensor> {
    return tf.tidy(() => {
      let f = this.factors(z);
      if (this.dims.covariateDim > 0) {
        const c = ctx.covariates;
        if (!c || c.rank !== z.rank || c.shape[c.rank - 1] !== this.dims.covariateDim) {
          throw new InputError(`readout decoder: expected covariates [${z.shape.slice(0, -1).join(', ')}, ${this.dims.covariateDim}], got ${c ? `[${c.shape}]` : 'none'}`, 'pass the covariates c_t for every trial and bin');
        }
        f = tf.concat([f, c], -1);
      }
      const out: Record<string, Tensor> = {};
      for (const h of this.heads) out[h.spec.name] = activations.get(h.spec.activation).apply(dense(f, h.kernel, h.bias));
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

export const readoutDecoder: DecoderPlugin = {
  kind: 'readout',
  parseConfig(raw) {
    const factors = raw.factors ?? 0;
    if (!(typeof factors === 'number' && Number.isInteger(factors) && factors >= 0)) throw new ConfigError(`readout decoder: factors must be a non-negative integer, got ${JSON.stringify(factors)}`);
    return { factors };
  },
  create(config, dims, seed) {
    return new ReadoutDecoder(this.parseConfig(config) as ReadoutDecoderConfig & JsonObject, dims, seed);
  },
};
