import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** The non-empty subsets of M modalities as lists of indices, smallest first (then in index order). */
export function nonEmptySubsets(m: number): number[][] {
  const out: number[][] = [];
  for (let bits = 1; bits < 1 << m; bits++) {
    out.push(Array.from({ length: m }, (_, i) => i).filter((i) => bits & (1 << i)));
  }
  return out.sort((a, b) => a.length - b.length || bitsOf(a) - bitsOf(b));
}

function bitsOf(subset: readonly number[]): number {
  return subset.reduce((acc, i) => acc | (1 << i), 0);
}

/** A [1, M] row with 1 at the subset's modalities (broadcasts against a [B, M] mask). Call inside a tidy. */
export function subsetRow(subset: readonly number[], m: number): Tensor {
  const row = new Float32Array(m);
  for (const i of subset) row[i] = 1;
  return tf.tensor2d(row, [1, m]);
}

/**
 * 1 where every modality of the subset is present, else 0: Πₘ∈s presentₘ, [B]. Plain products, so
 * an ONNX export computes it the same way. Call inside a tidy.
 */
export function subsetPresent(present: Tensor, subset: readonly number[]): Tensor {
  const columns = tf.split(present, present.shape[1] as number, 1);
  return tf.reshape(subset.map((i) => columns[i]).reduce((acc, c) => tf.mul(acc, c)), [-1]);
}

/** Display name of a subset: its modality names joined by '+'. */
export function subsetName(subset: readonly number[], names: readonly string[]): string {
  return subset.map((i) => names[i]).join('+');
}
