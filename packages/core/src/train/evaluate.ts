import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Batch, DataSource } from '../data/batch.js';
import { deriveSeed } from '../nn/params.js';
import type { Trainable } from './trainable.js';
import { yieldToEventLoop } from './yield.js';

/** Means of the loss, its terms and KL per dimension over a data source. */
export interface Evaluation {
  loss: number;
  terms: Record<string, number>;
  klPerDim: number[];
  samples: number;
}

/** Frees every tensor of a batch. */
export function disposeBatch(batch: Batch): void {
  for (const t of Object.values(batch)) if (t) t.dispose();
}

/**
 * The negative ELBO of `model` on `source`: training = false, β = 1, no free bits, batch after
 * batch, averaged per sample (batches weighted by their size). Batch b's sampling seed is
 * deriveSeed(seed, 'validation', b), the same at every call, so two evaluations of the same weights
 * agree and epochs are compared on the same noise. Returns undefined when `cancelled()` turns true.
 */
export async function evaluateLoss(
  model: Trainable,
  source: DataSource,
  options: { batchSize: number; samples: number; seed: number },
  cancelled: () => boolean = () => false,
): Promise<Evaluation | undefined> {
  let total = 0;
  const termSums: Record<string, number> = {};
  let klSums: number[] = [];
  let seen = 0;
  for (let start = 0, b = 0; start < source.size; start += options.batchSize, b++) {
    await yieldToEventLoop();
    if (cancelled()) return undefined;
    const end = Math.min(source.size, start + options.batchSize);
    const indices = new Uint32Array(end - start);
    for (let i = 0; i < indices.length; i++) indices[i] = start + i;
    const batch = source.batch(indices);
    let packed: Tensor | undefined;
    let names: string[] = [];
    try {
      packed = tf.tidy(() => {
        const out = model.loss(batch, {
          beta: 1,
          freeBits: 0,
          samples: options.samples,
          seed: deriveSeed(options.seed, 'validation', b),
          training: false,
        });
        names = Object.keys(out.terms);
        const parts = [out.loss, ...names.map((k) => out.terms[k])].map((t) => tf.reshape(tf.cast(t, 'float32'), [-1]));
        if (out.klPerDim) parts.push(tf.reshape(tf.cast(out.klPerDim, 'float32'), [-1]));
        return tf.concat(parts);
      });
      const data = await packed.data();
      const n = indices.length;
      total += data[0] * n;
      names.forEach((k, i) => (termSums[k] = (termSums[k] ?? 0) + data[1 + i] * n));
      const kl = data.subarray(1 + names.length);
      if (klSums.length === 0) klSums = new Array<number>(kl.length).fill(0);
      kl.forEach((v, i) => (klSums[i] += v * n));
      seen += n;
    } finally {
      disposeBatch(batch);
      if (packed) packed.dispose();
    }
  }
  const terms: Record<string, number> = {};
  for (const [k, v] of Object.entries(termSums)) terms[k] = v / seen;
  return { loss: total / seen, terms, klPerDim: klSums.map((v) => v / seen), samples: seen };
}
