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
