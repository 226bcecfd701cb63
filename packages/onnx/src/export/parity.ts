import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { Tensor as OrtTensor } from 'onnxruntime-node';
import { ModelFormatError } from '@vaekit/core/errors';
import type { ExportedNetwork } from '../exporters/network.js';
import { createSession } from '../runtime/session.js';
import { Rng } from '../runtime/rng.js';
import { randomInput, type InputValues } from './random-inputs.js';

export interface ParityOptions {
  /** |onnx − tfjs| ≤ tolerance · max(1, |tfjs|) for every element of every output. */
  tolerance: number;
  /** Rows of the main check (a one-row run is checked too, for the symbolic batch dimension). */
  samples: number;
  seed: number;
}

/** Largest |a − b| / max(1, |b|); non-finite values must agree exactly (NaN with NaN, ±∞ with ±∞). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (!(Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)))) return Number.POSITIVE_INFINITY;
      continue;
    }
    worst = Math.max(worst, Math.abs(x - y) / Math.max(1, Math.abs(y)));
  }
  return worst;
}

function toTfjs(v: InputValues): Tensor {
  if (v.data instanceof Float32Array) return tf.tensor(v.data, v.dims, 'float32');
  return tf.tensor(Int32Array.from(v.data, Number), v.dims, 'int32');
}

/**
 * Runs the ONNX graph (onnxruntime-node, from the in-memory bytes) and the TensorFlow.js model on
 * the same random inputs and returns the largest error per output. A mismatch beyond the
 * tolerance, a missing output or a shape difference is a ModelFormatError naming the network and
 * output: the export is refused before anything is written.
 */
export async function checkParity(net: ExportedNetwork, bytes: Uint8Array, options: ParityOptions): Promise<Record<string, number>> {
  const { session } = await createSession(bytes);
  const rng = new Rng(options.seed);
  const worst: Record<string, number> = Object.fromEntries(net.outputs.map((o) => [o.name, 0]));
  try {
    for (const rows of [options.samples, 1]) {
      const sizes = { time: 5, ...net.symbolicSizes, batch: rows };
      const values = Object.fromEntries(net.inputs.map((i) => [i.name, randomInput(i, sizes, rng)]));
      const ortFeeds = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, new OrtTensor(v.data instanceof Float32Array ? 'float32' : v.data instanceof Int32Array ? 'int32' : 'int64', v.data, v.dims)]));
      let got: Awaited<ReturnType<typeof session.run>>;
      try {
        got = await session.run(ortFeeds);
      } catch (err) {
        throw new ModelFormatError(`ONNX export: onnxruntime could not run the ${net.name} network on ${rows} row(s): ${(err as Error).message}`, 'this is a bug in a lowering: report it with the model config');
      }
      const feeds = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, toTfjs(v)]));
      try {
        const ref = tf.tidy(() => net.reference(feeds));
        try {
          for (const o of net.outputs) {
            const want = ref[o.name];
            const have = got[o.name];
            if (!want || !have) throw new ModelFormatError(`ONNX export: ${net.name} output "${o.name}" is missing from the ${want ? 'ONNX graph' : 'TensorFlow.js reference'}`);
            if (have.dims.length !== want.shape.length || have.dims.some((d, i) => d !== want.shape[i])) {
              throw new ModelFormatError(`ONNX export: ${net.name} output "${o.name}" has shape [${have.dims}] in ONNX but [${want.shape}] in TensorFlow.js`, 'this is a bug in a lowering: report it with the model config');
            }
            const err = relativeError(have.data as Float32Array, want.dataSync());
            worst[o.name] = Math.max(worst[o.name], err);
            if (!(err <= options.tolerance)) {
              throw new ModelFormatError(
                `ONNX export: ${net.name} output "${o.name}" differs from the TensorFlow.js model by ${err.toExponential(2)} (max |onnx − tfjs| / max(1, |tfjs|) on ${rows} random row(s)), above the tolerance ${options.tolerance}; nothing was written`,
                'this is a bug in a lowering (report it with the model config), or raise `tolerance` if the model is numerically sensitive',
              );
            }
          }
        } finally {
          tf.dispose(ref);
        }
      } finally {
        tf.dispose(Object.values(feeds));
      }
    }
  } finally {
    await session.release();
  }
  return worst;
}
