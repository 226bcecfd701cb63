import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { Registry } from '../plugins/registry.js';

/** A fixed (parameter-free) input transform, e.g. log1p of counts before the encoder. Registered by kind. */
export interface InputTransform {
  readonly kind: string;
  apply(x: Tensor): Tensor;
}

export const inputTransforms = new Registry<InputTransform>('input transform');

inputTransforms.register({ kind: 'identity', apply: (x) => x });
inputTransforms.register({ kind: 'log1p', apply: (x) => tf.log1p(x) });

/** Counts per 10,000 (each row divided by its total, scanpy's normalize_total target 1e4), then log1p. */
export const LOG1P_CP10K_TARGET = 1e4;
inputTransforms.register({
  kind: 'log1p-cp10k',
  apply: (x) =>
    tf.tidy(() => {
      const total = tf.maximum(tf.sum(x, -1, true), 1);
      return tf.log1p(tf.mul(tf.div(x, total), LOG1P_CP10K_TARGET));
    }),
});
