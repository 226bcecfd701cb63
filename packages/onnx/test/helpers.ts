import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { encodeModel, type GraphBuilder } from '@vaekit/onnx';

/** Deterministic pseudo-random values in [lo, hi). */
export function values(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((hi - lo) * s) / 2 ** 32;
  });
}

/** Replaces every variable's value with seeded random values in [-scale, scale) (so biases and gains are not trivial). */
export function randomizeWeights(vars: Record<string, tf.Variable>, seed: number, scale = 0.5): void {
  let i = 0;
  for (const v of Object.values(vars)) {
    const t = tf.tensor(values(v.size, seed + 97 * i++, -scale, scale), v.shape);
    v.assign(t);
    t.dispose();
  }
}

export type Feed = { data: Float32Array | Int32Array | BigInt64Array; dims: number[] };

/** Encodes the graph and runs it in onnxruntime-node; returns every output. */
export async function runGraph(g: GraphBuilder, feeds: Record<string, Feed>): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
  const session = await InferenceSession.create(encodeModel(g.toModel({ producerVersion: 'test' })));
  try {
    const ortFeeds = Object.fromEntries(
      Object.entries(feeds).map(([k, v]) => [k, new OrtTensor(v.data instanceof Float32Array ? 'float32' : v.data instanceof Int32Array ? 'int32' : 'int64', v.data, v.dims)]),
    );
    const out = await session.run(ortFeeds);
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { data: t.data as Float32Array, dims: t.dims }]));
  } finally {
    await session.release();
  }
}

/** max |a − b|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return m;
}

/** A tensor's values and shape, read and disposed. */
export function read(t: Tensor): { data: Float32Array; shape: number[] } {
  const out = { data: Float32Array.from(t.dataSync()), shape: [...t.shape] };
  t.dispose();
  return out;
}
