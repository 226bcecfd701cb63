/**
 * A small model for the data-parallel tests: x [B, 4] → dense 3 (relu) → dense 2, loss = mean over
 * rows of the squared error to y [B, 2] times the step option `weight` (default 1), plus a tfjs random
 * draw (noise scaled by 0) so the step seed is exercised. Built the same way in every worker from { seed }.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { Dense } from '../../../src/nn/dense.js';
import { ParamStore } from '../../../src/nn/params.js';
import type { JsonObject, JsonValue } from '../../../src/plugins/contracts.js';
import type { ReplicaModel } from '../../../src/parallel/replica.js';

export function createReplica(config: JsonValue): ReplicaModel {
  const seed = (config as { seed: number }).seed;
  const store = new ParamStore('tiny', seed);
  const l1 = new Dense(store, 'l1', 4, 3, { bias: 0.1 });
  const l2 = new Dense(store, 'l2', 3, 2);
  return {
    variables: () => store.variables(),
    loss: (batch: Record<string, Tensor>, stepSeed: number, options?: JsonObject) =>
      tf.tidy(() => {
        const h = l1.apply(batch.x, 'relu');
        const noise = tf.mul(tf.randomNormal(h.shape, 0, 1, 'float32', stepSeed), 0);
        const y = l2.apply(tf.add(h, noise));
        const weight = typeof options?.weight === 'number' ? options.weight : 1;
        return tf.mul(tf.mean(tf.sum(tf.square(tf.sub(y, batch.y)), 1)), weight) as Scalar;
      }),
    dispose: () => store.dispose(),
  };
}
