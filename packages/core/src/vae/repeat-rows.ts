import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * `times` copies of `t` stacked along axis 0: [B, ...] → [times·B, ...], copy-major (the layout of
 * reshape(broadcastTo(expandDims(t, 0), [times, B, ...]))). Built with concat: on wasm, broadcastTo
 * runs the Tile kernel, whose forward is ~20× slower than concat and whose gradient is a JS loop of
 * one slice and one add per repetition.
 */
export function repeatRows(t: Tensor, times: number): Tensor {
  return times === 1 ? tf.clone(t) : tf.concat(Array.from({ length: times }, () => t), 0);
}
