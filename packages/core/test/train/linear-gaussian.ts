// A small Trainable for the trainer's tests: a linear-Gaussian latent model (probabilistic PCA)
// with a linear encoder, its ELBO in closed form (or by reparameterised Monte Carlo with the step's
// seed), and hooks to record what the trainer passes and to poison a chosen step with NaN.
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Batch } from '../../src/data/batch.js';
import { InputError } from '../../src/errors.js';
import { ParamStore } from '../../src/nn/params.js';
import type { JsonObject } from '../../src/plugins/contracts.js';
import type { LossOptions, LossOutput, Trainable } from '../../src/train/trainable.js';

export interface LinearGaussianOptions {
  featureDim: number;
  latentDim: number;
  seed: number;
  /** Reparameterised Monte-Carlo reconstruction term (uses LossOptions.seed/samples) instead of the closed form. */
  monteCarlo?: boolean;
  /** Make the n-th training-mode loss call (1-based) produce a NaN loss, or a finite loss with a NaN gradient. */
  poison?: { call: number; kind: 'loss' | 'gradient' };
}

const LOG_2PI = Math.log(2 * Math.PI);

/** Identity whose gradient is NaN: a finite loss with a non-finite gradient. */
const nanGradient = tf.customGrad(((x: Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: Tensor) => tf.mul(dy, NaN),
})) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: Tensor) => Tensor;

export class LinearGaussianModel implements Trainable {
  readonly store: ParamStore;
  readonly encKernel: Variable;
  readonly encBias: Variable;
  readonly encLogScale: Variable;
  readonly decKernel: Variable;
  readonly decBias: Variable;
  readonly logSigma: Variable;
  /** Every LossOptions the model was called with, in order. */
  readonly calls: LossOptions[] = [];
  /** Values of all variables at the start of each training-mode call. */
  readonly weightsAtCall: Float32Array[][] = [];
  recordWeights = false;
  private trainingCalls = 0;

  constructor(readonly options: LinearGaussianOptions) {
    const { featureDim: F, latentDim: d, seed } = options;
    this.store = new ParamStore('lg', seed);
    this.encKernel = this.store.create('enc/kernel', [F, d], { normal: 0.1 });
    this.encBias = this.store.create('enc/bias', [d], 'zeros');
    this.encLogScale = this.store.create('enc/logScale', [d], { constant: -1 });
    this.decKernel = this.store.create('dec/kernel', [d, F], { normal: 0.1 });
    this.decBias = this.store.create('dec/bias', [F], 'zeros');
    this.logSigma = this.store.create('dec/logSigma', [1], 'zeros');
  }

  variables(): Record<string, Variable> {
    return this.store.variables();
  }

  dispose(): void {
    this.store.dispose();
  }

  toConfig(): JsonObject {
    const { featureDim, latentDim, seed, monteCarlo } = this.options;
    return { kind: 'test-linear-gaussian', featureDim, latentDim, seed, monteCarlo: monteCarlo ?? false };
  }

  validateBatch(batch: Batch): void {
    const F = this.options.featureDim;
    if (batch.x.rank !== 2 || batch.x.shape[1] !== F) {
      throw new InputError(`linear-gaussian: x has shape [${batch.x.shape.join(', ')}], expected [B, ${F}]`, 'pass data with one column per feature');
    }
    const v = batch.x.dataSync();
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) throw new InputError(`linear-gaussian: non-finite value at row ${Math.floor(i / F)}`, 'impute missing values');
    }
  }

  /** Current values of every variable (sorted by name). */
  snapshot(): Float32Array[] {
    const vars = this.variables();
    return Object.keys(vars)
      .sort()
      .map((k) => vars[k].dataSync() as Float32Array);
  }

  loss(batch: Batch, options: LossOptions): LossOutput {
    this.calls.push({ ...options });
    let poisoned: 'loss' | 'gradient' | undefined;
    if (options.training) {
      this.trainingCalls += 1;
      if (this.recordWeights) this.weightsAtCall.push(this.snapshot().map((a) => a.slice()));
      if (this.options.poison && this.options.poison.call === this.trainingCalls) poisoned = this.options.poison.kind;
    }
    const F = this.options.featureDim;
    const x = batch.x;
    const mu = tf.add(tf.matMul(x, this.encKernel), this.encBias); // [B, d]
    const scale = tf.exp(this.encLogScale); // [d]
    const sigma2 = tf.exp(tf.mul(2, this.logSigma)); // [1]
    const normaliser = tf.add(0.5 * F * LOG_2PI, tf.mul(F, this.logSigma)); // [1]
    let nll: Tensor; // [B]
    if (this.options.monteCarlo) {
      const S = options.samples;
      const eps = tf.randomNormal([S, ...mu.shape], 0, 1, 'float32', options.seed);
      const z = tf.add(mu, tf.mul(scale, eps)); // [S, B, d]
      const mean = tf.add(tf.reshape(tf.matMul(tf.reshape(z, [-1, this.options.latentDim]), this.decKernel), [S, -1, F]), this.decBias);
      const sq = tf.sum(tf.square(tf.sub(x, mean)), -1); // [S, B]
      nll = tf.mean(tf.add(normaliser, tf.div(sq, tf.mul(2, sigma2))), 0);
    } else {
      const resid = tf.sub(x, tf.add(tf.matMul(mu, this.decKernel), this.decBias));
      const trace = tf.sum(tf.mul(tf.reshape(tf.square(scale), [-1, 1]), tf.square(this.decKernel))); // Σ_k s_k² Σ_f W_kf²
      nll = tf.add(normaliser, tf.div(tf.add(tf.sum(tf.square(resid), -1), trace), tf.mul(2, sigma2)));
    }
    const klPerDimRows = tf.mul(0.5, tf.sub(tf.add(tf.square(mu), tf.square(scale)), tf.add(1, tf.mul(2, this.encLogScale)))); // [B, d]
    const klPerDim = tf.mean(klPerDimRows, 0); // [d]
    const klUsed = options.freeBits > 0 ? tf.sum(tf.maximum(klPerDim, options.freeBits)) : tf.sum(klPerDim);
    const reconstruction = tf.mean(nll) as Scalar;
    let loss = tf.add(reconstruction, tf.mul(options.beta, klUsed)) as Scalar;
    if (poisoned === 'loss') loss = tf.mul(loss, NaN) as Scalar;
    if (poisoned === 'gradient') loss = nanGradient(loss) as Scalar;
    return { loss, terms: { reconstruction, kl: tf.sum(klPerDim) as Scalar }, klPerDim };
  }
}

/** Data as a Float32Array from the JSON fixture. */
export function fixtureData(values: number[]): Float32Array {
  return Float32Array.from(values);
}
