import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { ParamStore } from './params.js';

/** Layer normalisation over the last axis, with learned gain and offset. epsilon as tfjs-layers (1e-3). */
export class LayerNorm {
  readonly gamma: Variable;
  readonly beta: Variable;
  constructor(
    store: ParamStore,
    name: string,
    readonly dim: number,
    readonly epsilon = 1e-3,
  ) {
    this.gamma = store.create(`${name}/gamma`, [dim], 'ones');
    this.beta = store.create(`${name}/beta`, [dim], 'zeros');
  }

  apply(x: Tensor): Tensor {
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, -1, true);
      const xn = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(xn, this.gamma), this.beta);
    });
  }
}
