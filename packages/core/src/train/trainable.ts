import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch.js';
import type { JsonObject, Module } from '../plugins/contracts.js';

/** Per-step options the trainer passes to the model's loss. */
export interface LossOptions {
  /** KL weight (after warm-up schedule). */
  beta: number;
  /** Free bits per latent dimension (nats); 0 disables. */
  freeBits: number;
  /** Monte-Carlo samples of z per data point. */
  samples: number;
  /** Seed for this step's sampling and dropout. */
  seed: number;
  /** Dropout etc. on. */
  training: boolean;
}

export interface LossOutput {
  /** The scalar to minimise (mean over the batch). */
  loss: Scalar;
  /** Named scalar terms to report (e.g. reconstruction, kl), each a mean over the batch. */
  terms: Record<string, Scalar>;
  /** Mean KL per latent dimension over the batch [D], when the model has one. */
  klPerDim?: Tensor;
}

/**
 * Anything the trainer can fit: the plain VAE, and models made of several networks (a
 * treatment-effect model with auxiliary heads, a multimodal VAE) alike.
 */
export interface Trainable extends Module {
  /** Loss for one batch. Called inside the trainer's gradient tape; must not dispose its inputs. */
  loss(batch: Batch, options: LossOptions): LossOutput;
  /** Throws InputError when a batch cannot be used (wrong width, NaN, negative counts, …). Optional. */
  validateBatch?(batch: Batch): void;
  /** JSON describing the model (kinds, configs, dims), as written to model.json. */
  toConfig(): JsonObject;
}
