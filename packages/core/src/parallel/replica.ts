import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import type { JsonObject, JsonValue } from '../plugins/contracts.js';

/**
 * The model each data-parallel worker builds for itself (one replica per worker, each on its own
 * tfjs engine). Every replica must create the same variables (names and shapes) from the same config.
 */
export interface ReplicaModel {
  /** Trainable variables by stable name (the same names in every replica). */
  variables(): Record<string, Variable>;
  /**
   * Mean loss over the rows of `batch` (each input's first axis), for this step's `seed` and the
   * per-step `options` given to DataParallelTrainer.step (e.g. the KL weight β of a warm-up).
   */
  loss(batch: Record<string, Tensor>, seed: number, options?: JsonObject): Scalar;
  dispose(): void;
}

/** What the worker module exports: builds a replica from a JSON config (may be async). */
export type ReplicaFactory = (config: JsonValue) => ReplicaModel | Promise<ReplicaModel>;
