import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** Σ cₖ tᵏ by Horner's rule; `coeffs` in ascending order (c₀ first). Call inside a tidy. */
export function horner(t: Tensor, coeffs: readonly number[]): Tensor {
  let acc: Tensor = tf.scalar(coeffs[coeffs.length - 1]);
  for (let k = coeffs.length - 2; k >= 0; k--) acc = tf.add(tf.mul(acc, t), coeffs[k]);
  return acc;
}
