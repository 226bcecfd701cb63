import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Rows of `table` [V, E] for integer ids of any shape → [...ids.shape, E], differentiable with respect
 * to the table on every backend. tf.gather's gradient needs UnsortedSegmentSum, which the wasm backend
 * lacks; a one-hot multiply has a plain matMul gradient instead (fine for vocabularies of hundreds).
 */
export function embeddingLookup(table: Tensor, ids: Tensor): Tensor {
  return tf.tidy(() => {
    const [v, e] = table.shape as [number, number];
    const flat = tf.reshape(tf.cast(ids, 'int32'), [-1]);
    // oneHot is int32 (and on wasm ignores a dtype argument): cast before the float multiply
    const rows = tf.matMul(tf.cast(tf.oneHot(flat, v), 'float32'), table);
    return tf.reshape(rows, [...ids.shape, e]);
  });
}
