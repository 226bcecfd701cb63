import type { Tensor } from '@tensorflow/tfjs-core';

/** One mini-batch as tensors. `x` is [B, F] (or [B, T, F]); everything else is model-specific. */
export interface Batch {
  x: Tensor;
  /** Covariate matrix [B, C]: one-hot categorical blocks and continuous columns. */
  covariates?: Tensor;
  [key: string]: Tensor | undefined;
}

/**
 * Where training reads batches from. Implementations keep their storage as they like (dense typed
 * arrays, CSR sparse counts, …) and densify only the rows asked for.
 */
export interface DataSource {
  /** Number of samples. */
  readonly size: number;
  /** Densifies the given rows into tensors. The caller disposes them. */
  batch(indices: ArrayLike<number>): Batch;
}
