import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../errors.js';
import type { Batch, DataSource } from './batch.js';

/** A per-sample array beside `x`: `data` is row-major [n, ...shape]. */
export interface ExtraArray {
  data: Float32Array | Int32Array;
  /** Shape of one sample's block (e.g. [1] for a library size, [T] for token ids). */
  shape: number[];
}

/** What an {@link ArraySource} is built from. */
export interface ArraySourceInit {
  /** Dense row-major data [n, featureDim]. */
  x: Float32Array;
  n: number;
  featureDim: number;
  /** Covariate matrix [n, C], row-major (one-hot categorical blocks and continuous columns). */
  covariates?: Float32Array;
  /** Named per-sample arrays that become batch entries of the same name; a bare array is [n, width]. */
  extras?: Record<string, Float32Array | Int32Array | ExtraArray>;
  /** Skip the finite-number check (for models that handle NaN themselves, e.g. missing values). */
  allowNonFinite?: boolean;
}

interface Block {
  data: Float32Array | Int32Array;
  shape: number[];
  width: number;
}

/**
 * A {@link DataSource} over dense row-major typed arrays held in memory: `x` [n, featureDim], optional
 * covariates [n, C] and optional named extra arrays. Inputs are checked once, here, so that bad data
 * fails with an InputError naming the array, row and column rather than turning into a NaN loss.
 */
export class ArraySource implements DataSource {
  readonly size: number;
  readonly featureDim: number;
  /** Width of the covariate matrix; 0 when there is none. */
  readonly covariateDim: number;
  private readonly blocks: Record<string, Block> = {};

  constructor(init: ArraySourceInit) {
    const { n, featureDim } = init;
    if (!Number.isInteger(n) || n < 0) throw new InputError(`ArraySource: n must be a non-negative integer, got ${n}`);
    if (!Number.isInteger(featureDim) || featureDim <= 0) {
      throw new InputError(`ArraySource: featureDim must be a positive integer, got ${featureDim}`);
    }
    this.size = n;
    this.featureDim = featureDim;
    this.blocks.x = checkBlock('x', init.x, n, [featureDim], init.allowNonFinite);
    this.covariateDim = 0;
    if (init.covariates !== undefined) {
      if (n === 0 || init.covariates.length % n !== 0) {
        throw new InputError(
          `ArraySource: covariates has ${init.covariates.length} values, not a multiple of n = ${n}`,
          'pass the covariate matrix as a row-major Float32Array of n × C values',
        );
      }
      this.covariateDim = init.covariates.length / n;
      this.blocks.covariates = checkBlock('covariates', init.covariates, n, [this.covariateDim], init.allowNonFinite);
    }
    for (const [name, extra] of Object.entries(init.extras ?? {})) {
      if (name === 'x' || name === 'covariates') {
        throw new InputError(`ArraySource: extra array name "${name}" is reserved`, 'pass it as the x or covariates option instead');
      }
      const data = 'data' in extra ? extra.data : extra;
      let shape: number[];
      if ('shape' in extra) shape = extra.shape;
      else if (n > 0 && data.length % n === 0) shape = [data.length / n];
      else {
        throw new InputError(`ArraySource: extra array "${name}" has ${data.length} values, not a multiple of n = ${n}`);
      }
      this.blocks[name] = checkBlock(name, data, n, shape, init.allowNonFinite);
    }
  }

  /** Names of the batch entries this source produces (x, covariates when present, extras). */
  get entries(): string[] {
    return Object.keys(this.blocks);
  }

  batch(indices: ArrayLike<number>): Batch {
    const rows = indices.length;
    for (let i = 0; i < rows; i++) {
      const r = indices[i];
      if (!Number.isInteger(r) || r < 0 || r >= this.size) {
        throw new InputError(`ArraySource: row index ${r} is out of range [0, ${this.size})`);
      }
    }
    const out: Batch = { x: gather(this.blocks.x, indices) };
    for (const [name, block] of Object.entries(this.blocks)) {
      if (name !== 'x') out[name] = gather(block, indices);
    }
    return out;
  }
}

function checkBlock(name: string, data: Float32Array | Int32Array, n: number, shape: number[], allowNonFinite?: boolean): Block {
  if (!(data instanceof Float32Array) && !(data instanceof Int32Array)) {
    throw new InputError(`ArraySource: ${name} must be a Float32Array${name === 'x' || name === 'covariates' ? '' : ' or Int32Array'}`);
  }
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new InputError(`ArraySource: ${name} has an invalid per-sample shape [${shape.join(', ')}]`);
  }
  const width = shape.reduce((a, b) => a * b, 1);
  if (data.length !== n * width) {
    throw new InputError(
      `ArraySource: ${name} has ${data.length} values, expected n × ${shape.join(' × ')} = ${n * width}`,
      'pass a dense row-major array with one row per sample',
    );
  }
  if (!allowNonFinite && data instanceof Float32Array) {
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        throw new InputError(
          `ArraySource: ${name} has a non-finite value (${data[i]}) at row ${Math.floor(i / width)}, column ${i % width}`,
          'remove or impute missing values first, or pass allowNonFinite: true if the model handles them',
        );
      }
    }
  }
  return { data, shape, width };
}

function gather(block: Block, indices: ArrayLike<number>): tf.Tensor {
  const { data, width, shape } = block;
  const out = data instanceof Int32Array ? new Int32Array(indices.length * width) : new Float32Array(indices.length * width);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i];
    out.set(data.subarray(r * width, (r + 1) * width), i * width);
  }
  return tf.tensor(out, [indices.length, ...shape], data instanceof Int32Array ? 'int32' : 'float32');
}
