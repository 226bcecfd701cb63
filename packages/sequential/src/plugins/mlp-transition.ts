import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { activations, ConfigError, dense, type JsonObject } from '@vaekit/core';
import type { Transition, TransitionDims, TransitionPlugin } from './transition.js';

export interface MlpTransitionConfig {
  /** Hidden widths; default [64]. */
  hidden: number[];
  /** A registered activation; default 'relu' (fused into the multiply; tanh and elu cost a slow element-wise pass on wasm). */
  activation: string;
  /** f(z) = z + MLP(z) (a residual step, near the identity at initialisation); default true. */
  residual: boolean;
}

interface Layer {
  kernel: Variable;
  bias: Variable;
}

/** f(z) = z + MLP(z) (or MLP(z)): non-linear dynamics such as a Lorenz attractor's; its KL is Monte Carlo. */
export class MlpTransition implements Transition {
  readonly kind = 'mlp';
  readonly layers: Layer[] = [];
  constructor(
    readonly config: MlpTransitionConfig & JsonObject,
    readonly dims: TransitionDims,
  ) {
    const widths = [dims.latentDim, ...config.hidden, dims.latentDim];
    for (let i = 0; i + 1 < widths.length; i++) {
      const last = i + 2 === widths.length;
      // the last layer starts small, so that f starts near the identity (residual) or near 0
      const kernel = dims.store.create(`transition/layer${i}/kernel`, [widths[i], widths[i + 1]], last ? { normal: 0.01 } : 'glorot-uniform');
      const bias = dims.store.create(`transition/layer${i}/bias`, [widths[i + 1]], 'zeros');
      this.layers.push({ kernel, bias });
    }
  }

  get latentDim(): number {
    return this.dims.latentDim;
  }

  apply(z: Tensor): Tensor {
    return tf.tidy(() => {
      const act = activations.get(this.config.activation);
      let h = z;
      this.layers.forEach((l, i) => {
        const last = i === this.layers.length - 1;
        if (!last && act.kind === 'relu') h = dense(h, l.kernel, l.bias, 'relu');
        else {
          h = dense(h, l.kernel, l.bias);
          if (!last) h = act.apply(h);
        }
      });
      return this.config.residual ? tf.add(z, h) : h;
    });
  }

  recurrentWeights(): Variable[] {
    return this.layers.map((l) => l.kernel);
  }

  variables(): Record<string, Variable> {
    const at = (name: string) => (this.dims.store.prefix ? `${this.dims.store.prefix}/${name}` : name);
    const out: Record<string, Variable> = {};
    this.layers.forEach((l, i) => {
      out[at(`transition/layer${i}/kernel`)] = l.kernel;
      out[at(`transition/layer${i}/bias`)] = l.bias;
    });
    return out;
  }

  dispose(): void {
    // the variables belong to the prior's store, which disposes them
  }
}

export const mlpTransition: TransitionPlugin = {
  kind: 'mlp',
  parseConfig(raw) {
    const hidden = raw.hidden ?? [64];
    if (!Array.isArray(hidden) || hidden.some((h) => !Number.isInteger(h) || (h as number) <= 0)) {
      throw new ConfigError(`mlp transition: hidden must be an array of positive integers, got ${JSON.stringify(hidden)}`, 'e.g. { "hidden": [64] }');
    }
    const activation = String(raw.activation ?? 'relu');
    activations.get(activation);
    const residual = raw.residual ?? true;
    if (typeof residual !== 'boolean') throw new ConfigError('mlp transition: residual must be true or false');
    return { hidden: hidden as number[], activation, residual };
  },
  create(config, dims) {
    return new MlpTransition(this.parseConfig(config) as MlpTransitionConfig & JsonObject, dims);
  },
};
