import * as tf from '@tensorflow/tfjs-core';
import { InputError, type Batch, type DataSource } from '@vaekit/core';
import { checkCovariates, type Covariates, type SpikeCounts } from '../data/spike-counts.js';

/** Trials of binned counts (and covariates c_t) as a DataSource for core's train(): x [b, T, N], covariates [b, T, C]. */
export class SequenceSource implements DataSource {
  constructor(
    readonly counts: SpikeCounts,
    readonly covariates?: Covariates,
  ) {
    if (covariates) checkCovariates(covariates, counts);
  }

  get size(): number {
    return this.counts.trials;
  }

  batch(indices: ArrayLike<number>): Batch {
    const { bins, neurons, data, trials } = this.counts;
    const per = bins * neurons;
    const x = new Float32Array(indices.length * per);
    for (let i = 0; i < indices.length; i++) {
      const r = indices[i];
      if (!(r >= 0 && r < trials)) throw new InputError(`SequenceSource: trial ${r} does not exist (${trials} trials)`);
      x.set(data.subarray(r * per, (r + 1) * per), i * per);
    }
    const out: Batch = { x: tf.tensor3d(x, [indices.length, bins, neurons]) };
    if (this.covariates) {
      const c = this.covariates.columns;
      const cov = new Float32Array(indices.length * bins * c);
      for (let i = 0; i < indices.length; i++) cov.set(this.covariates.data.subarray(indices[i] * bins * c, (indices[i] + 1) * bins * c), i * bins * c);
      out.covariates = tf.tensor3d(cov, [indices.length, bins, c]);
    }
    return out;
  }
}
