import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';

/** Global L2 norm √(Σ g²) over every entry of every gradient, as a scalar tensor (caller disposes). */
export function globalNorm(grads: readonly Tensor[]): Scalar {
  return tf.tidy(() => {
    if (grads.length === 0) return tf.scalar(0);
    const squares = grads.map((g) => tf.sum(tf.square(g)));
    return tf.sqrt(tf.addN(squares)) as Scalar;
  });
}

/**
 * Scales every gradient by maxNorm / max(norm, maxNorm), so that the global norm is at most maxNorm
 * and the direction is unchanged (TensorFlow's `clip_by_global_norm`). `norm` is the global norm when
 * already computed. Returns new tensors in the same order; the caller disposes them.
 */
export function clipByGlobalNorm(grads: readonly Tensor[], maxNorm: number, norm?: Scalar): Tensor[] {
  if (!(maxNorm > 0)) throw new RangeError(`clipByGlobalNorm: maxNorm must be > 0, got ${maxNorm}`);
  return tf.tidy(() => {
    const n = norm ?? globalNorm(grads);
    const scale = tf.div(maxNorm, tf.maximum(n, maxNorm));
    return grads.map((g) => tf.mul(g, scale));
  });
}
