import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { ConfigError, dense, type JsonObject } from '@vaekit/core';
import type { Transition, TransitionDims, TransitionPlugin } from './transition.js';

export interface LinearTransitionConfig {
  /** A starts as this multiple of the identity (1: a random walk); default 1. */
  init: number;
}

/** f(z) = z·A + b: linear-Gaussian (Kalman-style) dynamics, with a closed-form KL. */
export class LinearTransition implements Transition {
  readonly kind = 'linear';
  readonly matrix: Variable;
  readonly offset: Variable;
  constructor(
    readonly config: LinearTransitionConfig & JsonObject,
    readonly dims: TransitionDims,
  ) {
    const d = dims.latentDim;
    this.matrix = dims.store.create('transition/matrix', [d, d], 'zeros');
    this.matrix.assign(tf.tidy(() => tf.mul(tf.eye(d), config.init)));
    this.offset = dims.store.create('transition/offset', [d], 'zeros');
  }

  get latentDim(): number {
    return this.dims.latentDim;
  }

  apply(z: Tensor): Tensor {
    return dense(z, this.matrix, this.offset);
  }

  linear(): { matrix: Tensor; offset: Tensor } {
    return { matrix: this.matrix, offset: this.offset };
  }

  recurrentWeights(): Variable[] {
    return [this.matrix];
  }

  variables(): Record<string, Variable> {
    const at = (name: string) => (this.dims.store.prefix ? `${this.dims.store.prefix}/${name}` : name);
    return { [at('transition/matrix')]: this.matrix, [at('transition/offset')]: this.offset };
  }

  dispose(): void {
    // the variables belong to the prior's store, which disposes them
  }
}

export const linearTransition: TransitionPlugin = {
  kind: 'linear',
  parseConfig(raw) {
    const init = raw.init ?? 1;
    if (typeof init !== 'number' || !Number.isFinite(init)) throw new ConfigError(`linear transition: init must be a number, got ${JSON.stringify(init)}`);
    return { init };
  },
  create(config, dims) {
    return new LinearTransition(this.parseConfig(config) as LinearTransitionConfig & JsonObject, dims);
  },
};
