import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { DiagGaussian } from '../distributions/diag-gaussian.js';
import type { JsonObject, Prior, PriorDims, PriorPlugin } from '../plugins/contracts.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** p(z) = N(0, I). KL per dimension in closed form: ½(μ² + σ² − 1 − log σ²). */
export class StandardNormalPrior implements Prior {
  readonly kind = 'standard-normal';
  readonly analyticKL = true;
  readonly config: JsonObject = {};
  constructor(readonly latentDim: number) {}

  klPerDim(q: DiagGaussian): Tensor {
    return tf.tidy(() => {
      const v = tf.square(q.scale);
      return tf.mul(tf.sub(tf.sub(tf.add(tf.square(q.loc), v), 1), tf.log(v)), 0.5);
    });
  }

  logProb(z: Tensor): Tensor {
    return tf.tidy(() => tf.sub(tf.mul(tf.sum(tf.square(z), -1), -0.5), HALF_LOG_2PI * z.shape[z.rank - 1]));
  }

  sample(n: number, _cond?: Tensor, seed?: number): Tensor {
    return tf.randomNormal([n, this.latentDim], 0, 1, 'float32', seed);
  }

  variables(): Record<string, Variable> {
    return {};
  }
  dispose(): void {}
}

export const standardNormalPrior: PriorPlugin = {
  kind: 'standard-normal',
  parseConfig: () => ({}),
  create: (_config, dims: PriorDims) => new StandardNormalPrior(dims.latentDim),
};
