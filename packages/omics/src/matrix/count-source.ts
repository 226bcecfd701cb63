import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@vaekit/core';
import type { Batch, DataSource } from '@vaekit/core';
import { checkCountMatrix } from './count-matrix.js';
import type { CountMatrix } from './count-matrix.js';
import { encodeCovariates } from './covariates.js';
import type { CovariateBlock } from './covariates.js';
import type { CsrMatrix } from './csr-matrix.js';
import { validateCounts } from './validate-counts.js';

/** Options of a {@link CountSource}. */
export interface CountSourceOptions {
  /** obs columns to condition on: string columns become one-hot blocks, numeric ones a continuous column. */
  covariates?: readonly string[];
  /** Fixed level order per categorical covariate (a trained model's), instead of the sorted observed levels. */
  levels?: Record<string, readonly string[]>;
  /** Read this layer instead of X. */
  layer?: string;
}

/**
 * A core {@link DataSource} over sparse counts: `batch(rows)` densifies only those cells into
 * `{ x: [B, genes] float32, covariates?: [B, C] }`. The counts are checked once, here (finite,
 * non-negative integers), with an InputError naming the cell and gene.
 */
export class CountSource implements DataSource {
  readonly size: number;
  readonly featureDim: number;
  /** Width of the covariate matrix; 0 without covariates. */
  readonly covariateDim: number;
  /** How each covariate column was encoded (levels of the one-hot blocks). */
  readonly covariateBlocks: CovariateBlock[];
  /** Gene names, in column order. */
  readonly genes: readonly string[];
  private readonly X: CsrMatrix;
  private readonly covariates: Float32Array | undefined;

  constructor(counts: CountMatrix, options: CountSourceOptions = {}) {
    checkCountMatrix(counts);
    const X = options.layer === undefined ? counts.X : counts.layers?.[options.layer];
    if (!X) {
      throw new InputError(`CountSource: no layer "${options.layer}"`, `layers: ${Object.keys(counts.layers ?? {}).join(', ') || '(none)'}`);
    }
    validateCounts(X, { cells: counts.obs.names, genes: counts.var.names, source: counts.source });
    this.X = X;
    this.size = X.nRows;
    this.featureDim = X.nCols;
    this.genes = counts.var.names;
    const cov = options.covariates?.length ? encodeCovariates(counts.obs, options.covariates, options.levels) : undefined;
    this.covariates = cov?.data;
    this.covariateDim = cov?.width ?? 0;
    this.covariateBlocks = cov?.blocks ?? [];
  }

  batch(indices: ArrayLike<number>): Batch {
    const x = this.X.densifyRows(indices);
    const out: Batch = { x: tf.tensor2d(x, [indices.length, this.featureDim], 'float32') };
    if (this.covariates) {
      const w = this.covariateDim;
      const c = new Float32Array(indices.length * w);
      for (let i = 0; i < indices.length; i++) c.set(this.covariates.subarray(indices[i] * w, (indices[i] + 1) * w), i * w);
      out.covariates = tf.tensor2d(c, [indices.length, w], 'float32');
    }
    return out;
  }
}
