import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch.js';
import type { TrainerAdam } from './adam.js';
import { clipByGlobalNorm, globalNorm } from './gradients.js';
import './register-gradients.js';
import type { LossOptions, Trainable } from './trainable.js';

/** What one optimizer step measured. */
export interface StepOutcome {
  /** False when the loss or the gradient was not finite; then nothing was applied. */
  ok: boolean;
  loss: number;
  terms: Record<string, number>;
  klPerDim: number[];
  /** Global gradient norm before clipping. */
  gradNorm: number;
  clipped: boolean;
}

/**
 * One step: loss and gradients over `variables` (tf.variableGrads), a single read-back of loss, terms,
 * KL per dimension and gradient norm, then — only if loss and gradient norm are finite — optional
 * global-norm clipping and the optimizer update. Every tensor it makes is freed; the batch is not.
 */
export async function trainStep(
  model: Trainable,
  variables: ReadonlyArray<readonly [string, Variable]>,
  batch: Batch,
  lossOptions: LossOptions,
  optimizer: TrainerAdam,
  clipNorm: number | undefined,
): Promise<StepOutcome> {
  let terms: Record<string, Scalar> = {};
  let klPerDim: Tensor | undefined;
  let value: Scalar | undefined;
  let grads: Tensor[] = [];
  let norm: Scalar | undefined;
  let packed: Tensor | undefined;
  try {
    const varList = variables.map(([, v]) => v);
    const result = tf.variableGrads(() => {
      const out = model.loss(batch, lossOptions);
      // the terms and KL per dimension live past the gradient's tidy; we free them below
      terms = { ...out.terms };
      for (const t of Object.values(terms)) tf.keep(t);
      klPerDim = out.klPerDim ? tf.keep(out.klPerDim) : undefined;
      return out.loss;
    }, varList);
    value = result.value;
    // a variable the loss does not touch gets a zero gradient, so Adam's moments stay aligned
    grads = varList.map((v) => result.grads[v.name] ?? tf.zerosLike(v));
    norm = globalNorm(grads);
    const termNames = Object.keys(terms);
    const parts: Tensor[] = [value, norm, ...termNames.map((k) => terms[k])];
    packed = tf.tidy(() => {
      const flat = parts.map((t) => tf.reshape(tf.cast(t, 'float32'), [-1]));
      if (klPerDim) flat.push(tf.reshape(tf.cast(klPerDim, 'float32'), [-1]));
      return tf.concat(flat);
    });
    const data = await packed.data();
    const loss = data[0];
    const gradNorm = data[1];
    const termValues: Record<string, number> = {};
    termNames.forEach((k, i) => (termValues[k] = data[2 + i]));
    const kl = Array.from(data.subarray(2 + termNames.length));
    const ok = Number.isFinite(loss) && Number.isFinite(gradNorm);
    let clipped = false;
    if (ok) {
      if (clipNorm !== undefined && gradNorm > clipNorm) {
        clipped = true;
        const scaled = clipByGlobalNorm(grads, clipNorm, norm);
        try {
          optimizer.apply(scaled);
        } finally {
          tf.dispose(scaled);
        }
      } else {
        optimizer.apply(grads);
      }
    }
    return { ok, loss, terms: termValues, klPerDim: kl, gradNorm, clipped };
  } finally {
    tf.dispose([...Object.values(terms), ...grads]);
    if (klPerDim) klPerDim.dispose();
    if (value) value.dispose();
    if (norm) norm.dispose();
    if (packed) packed.dispose();
  }
}
