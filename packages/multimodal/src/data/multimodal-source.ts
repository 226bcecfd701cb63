import * as tf from '@tensorflow/tfjs-core';
import { InputError, type Batch, type DataSource } from '@vaekit/core';
import type { AlignedData } from './input.js';

/**
 * A core DataSource over aligned multimodal data: each batch has `x`, the presence mask [B, M]
 * (float32 0/1), and one entry per modality with its values [B, F] (zeros where missing).
 */
export class MultimodalSource implements DataSource {
  readonly size: number;

  constructor(
    readonly data: AlignedData,
    private readonly widths: Record<string, number>,
  ) {
    this.size = data.n;
  }

  batch(indices: ArrayLike<number>): Batch {
    const rows = indices.length;
    const m = this.data.names.length;
    for (let i = 0; i < rows; i++) {
      const r = indices[i];
      if (!Number.isInteger(r) || r < 0 || r >= this.size) throw new InputError(`MultimodalSource: row index ${r} is out of range [0, ${this.size})`);
    }
    const mask = new Float32Array(rows * m);
    for (let i = 0; i < rows; i++) for (let j = 0; j < m; j++) mask[i * m + j] = this.data.present[indices[i] * m + j];
    const out: Batch = { x: tf.tensor2d(mask, [rows, m]) };
    for (const name of this.data.names) {
      const f = this.widths[name];
      const src = this.data.values[name];
      const dst = new Float32Array(rows * f);
      for (let i = 0; i < rows; i++) dst.set(src.subarray(indices[i] * f, (indices[i] + 1) * f), i * f);
      out[name] = tf.tensor2d(dst, [rows, f]);
    }
    return out;
  }

  /** Rows (cell indices) that have modality `name`. */
  rowsWith(name: string): number[] {
    const j = this.data.names.indexOf(name);
    const m = this.data.names.length;
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) if (this.data.present[i * m + j] === 1) out.push(i);
    return out;
  }
}
