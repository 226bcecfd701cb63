import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** The broadcast shape of several shapes (numpy rules); throws when they do not broadcast. */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  return shapes.reduce<number[]>((acc, s) => tf.backend_util.assertAndGetBroadcastShape(acc, [...s]), []);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** `t` broadcast to `shape` (a clone when it already has it). Call inside a tidy. */
export function broadcastTensor(t: Tensor, shape: number[]): Tensor {
  return sameShape(t.shape, shape) ? tf.clone(t) : tf.broadcastTo(t, shape);
}

/**
 * The values of `make()` broadcast to `shape`, read to the CPU (for samplers that run in JS);
 * every tensor made on the way is disposed.
 */
export function readBroadcast(make: () => Tensor, shape: number[]): Float32Array {
  const t = tf.tidy(() => broadcastTensor(make(), shape));
  try {
    return Float32Array.from(t.dataSync());
  } finally {
    t.dispose();
  }
}
