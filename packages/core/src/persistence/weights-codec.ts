import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { InputError } from '../errors.js';
import type { WeightEntry } from './format.js';
import { WEIGHT_DTYPES, isWeightDtype } from './format.js';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/**
 * Packs named tensors into one little-endian buffer (float32 and int32), in the order given, and
 * returns the buffer with its index entries. Reads each tensor's data; disposes nothing.
 */
export async function encodeWeights(weights: Record<string, Tensor>): Promise<{ bytes: Uint8Array; entries: WeightEntry[] }> {
  const entries: WeightEntry[] = [];
  let offset = 0;
  for (const [name, tensor] of Object.entries(weights)) {
    if (!name) throw new InputError('A weight has an empty name', 'give every weight a non-empty name');
    if (!isWeightDtype(tensor.dtype)) {
      throw new InputError(`Weight "${name}" has dtype ${tensor.dtype}`, `vaekit saves float32 and int32 weights; cast it first`);
    }
    const byteLength = tensor.size * WEIGHT_DTYPES[tensor.dtype];
    entries.push({ name, shape: [...tensor.shape], dtype: tensor.dtype, offset, byteLength });
    offset += byteLength;
  }
  const bytes = new Uint8Array(offset);
  const view = new DataView(bytes.buffer);
  for (const entry of entries) {
    const data = (await weights[entry.name].data()) as Float32Array | Int32Array;
    if (LITTLE_ENDIAN_HOST) {
      bytes.set(new Uint8Array(data.buffer, data.byteOffset, entry.byteLength), entry.offset);
    } else {
      const put = entry.dtype === 'float32' ? view.setFloat32.bind(view) : view.setInt32.bind(view);
      for (let i = 0; i < data.length; i++) put(entry.offset + 4 * i, data[i], true);
    }
  }
  return { bytes, entries };
}

/** Hex sha256 of a buffer. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Makes tensors from validated index entries (bounds and dtypes already checked). The caller owns
 * the returned tensors; if making one fails, the ones already made are disposed.
 */
export function decodeWeights(bytes: Uint8Array, entries: readonly WeightEntry[]): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  try {
    for (const entry of entries) {
      const count = entry.byteLength / WEIGHT_DTYPES[entry.dtype];
      // a fresh copy: the file buffer's offset need not be 4-byte aligned, and a Node Buffer's
      // slice() would share (not copy) the whole underlying ArrayBuffer
      const copy = new Uint8Array(entry.byteLength);
      copy.set(bytes.subarray(entry.offset, entry.offset + entry.byteLength));
      let values: Float32Array | Int32Array;
      if (LITTLE_ENDIAN_HOST) {
        values = entry.dtype === 'float32' ? new Float32Array(copy.buffer, 0, count) : new Int32Array(copy.buffer, 0, count);
      } else {
        const view = new DataView(copy.buffer);
        values = entry.dtype === 'float32' ? new Float32Array(count) : new Int32Array(count);
        for (let i = 0; i < count; i++) values[i] = entry.dtype === 'float32' ? view.getFloat32(4 * i, true) : view.getInt32(4 * i, true);
      }
      out[entry.name] = tf.tensor(values, entry.shape, entry.dtype);
    }
  } catch (err) {
    tf.dispose(Object.values(out));
    throw err;
  }
  return out;
}
