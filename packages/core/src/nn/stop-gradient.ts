import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { CustomGradientFunc } from '../math/custom-grad.js';

/** Identity whose gradient is zero: tfjs-core has no stop_gradient of its own. */
export const stopGradient = tf.customGrad(((x: Tensor, save: tf.GradSaveFunc) => {
  save([]);
  return { value: tf.clone(x), gradFunc: (dy: Tensor) => tf.zerosLike(dy) };
}) as unknown as CustomGradientFunc) as (x: Tensor) => Tensor;
