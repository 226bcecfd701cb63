import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { JsonObject } from '../plugins/contracts.js';
import { ModelFormatError } from '../errors.js';

/** Adam's constants as resolved for a run. */
export interface AdamConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  /** undefined: the backend's epsilon (tfjs' default). */
  epsilon: number | undefined;
  /** Decoupled weight decay (AdamW); 0 disables. */
  weightDecay: number;
}

/** The optimizer's state in a checkpoint: JSON scalars plus moment tensors under `optimizer/…` names. */
export interface AdamSnapshot {
  json: JsonObject;
  /** `optimizer/<variable>/m` and `optimizer/<variable>/v`; owned by the optimizer, do not dispose. */
  tensors: Record<string, Tensor>;
}

/** tfjs' (unexported) NamedTensor: what Optimizer.getWeights/setWeights/applyGradients exchange. */
interface NamedTensor {
  name: string;
  tensor: Tensor;
}

/** tfjs' AdamOptimizer keeps β1^t and β2^t in private variables; we read and restore them exactly. */
interface AdamInternals {
  accBeta1?: Variable;
  accBeta2?: Variable;
}

/**
 * tf.train.adam over a fixed, ordered list of named variables, with optional decoupled weight decay
 * and a checkpointable state. The moments are saved under the variables' stable names (not the
 * engine's per-process names), and β1^t, β2^t are restored exactly, so a resumed run repeats an
 * uninterrupted one bit for bit (Adam's own setWeights recomputes them with pow, which can differ
 * in the last bit from the running products).
 */
export class TrainerAdam {
  private readonly adam: tf.AdamOptimizer;
  private readonly names: string[];

  constructor(
    private readonly variables: ReadonlyArray<readonly [string, Variable]>,
    readonly config: AdamConfig,
  ) {
    this.adam = tf.train.adam(config.learningRate, config.beta1, config.beta2, config.epsilon);
    this.names = variables.map(([name]) => name);
  }

  /** One update with `grads` aligned to the variables (weight decay first, as AdamW). */
  apply(grads: readonly Tensor[]): void {
    tf.tidy(() => {
      const { weightDecay, learningRate } = this.config;
      if (weightDecay > 0) {
        const keep = 1 - learningRate * weightDecay;
        for (const [, v] of this.variables) v.assign(tf.mul(v, keep));
      }
      const named: NamedTensor[] = this.variables.map(([, v], i) => ({ name: v.name, tensor: grads[i] }));
      this.adam.applyGradients(named);
    });
  }

  /** Steps applied so far. */
  get iterations(): number {
    return this.adam.iterations;
  }

  /** The state to checkpoint. The tensors stay owned by the optimizer. */
  async snapshot(): Promise<AdamSnapshot> {
    const weights = await this.adam.getWeights();
    weights[0].tensor.dispose(); // the 'iter' scalar getWeights creates; iterations go to JSON
    const moments = weights.slice(1);
    const tensors: Record<string, Tensor> = {};
    const n = this.names.length;
    if (moments.length === 2 * n) {
      this.names.forEach((name, i) => {
        tensors[`optimizer/${name}/m`] = moments[i].tensor;
        tensors[`optimizer/${name}/v`] = moments[n + i].tensor;
      });
    }
    const internals = this.adam as unknown as AdamInternals;
    const json: JsonObject = {
      kind: 'adam',
      learningRate: this.config.learningRate,
      beta1: this.config.beta1,
      beta2: this.config.beta2,
      epsilon: this.config.epsilon ?? null,
      weightDecay: this.config.weightDecay,
      iterations: this.adam.iterations,
      variables: this.names,
      hasMoments: moments.length === 2 * n,
      accBeta1: internals.accBeta1 ? (await internals.accBeta1.data())[0] : null,
      accBeta2: internals.accBeta2 ? (await internals.accBeta2.data())[0] : null,
    };
    return { json, tensors };
  }

  /** Restores a {@link snapshot} into this (fresh) optimizer. `where` names the checkpoint for errors. */
  async restore(json: JsonObject, weights: Record<string, Tensor>, where: string): Promise<void> {
    const iterations = json.iterations;
    if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 0) {
      throw new ModelFormatError(`${where}: optimizer state has no valid iteration count`, 'the checkpoint is corrupt; resume from another one');
    }
    const saved = json.variables;
    if (!Array.isArray(saved) || saved.join('\n') !== this.names.join('\n')) {
      throw new ModelFormatError(
        `${where}: the checkpoint's optimizer covers other variables than this model's trainable ones`,
        'resume with the same model architecture that wrote the checkpoint',
      );
    }
    if (json.hasMoments !== true) return;
    const list: NamedTensor[] = [{ name: 'iter', tensor: tf.scalar(iterations, 'int32') }];
    for (const kind of ['m', 'v'] as const) {
      this.variables.forEach(([name, v]) => {
        const t = weights[`optimizer/${name}/${kind}`];
        if (!t) throw new ModelFormatError(`${where}: missing optimizer tensor optimizer/${name}/${kind}`, 'the checkpoint is incomplete; resume from another one');
        if (t.shape.join(',') !== v.shape.join(',')) {
          throw new ModelFormatError(
            `${where}: optimizer/${name}/${kind} has shape [${t.shape.join(', ')}], the variable [${v.shape.join(', ')}]`,
            'resume with the same model architecture that wrote the checkpoint',
          );
        }
        list.push({ name: `${v.name}/${kind}`, tensor: t });
      });
    }
    try {
      await this.adam.setWeights(list);
    } finally {
      list[0].tensor.dispose();
    }
    const internals = this.adam as unknown as AdamInternals;
    tf.tidy(() => {
      if (typeof json.accBeta1 === 'number' && internals.accBeta1) internals.accBeta1.assign(tf.scalar(json.accBeta1));
      if (typeof json.accBeta2 === 'number' && internals.accBeta2) internals.accBeta2.assign(tf.scalar(json.accBeta2));
    });
  }

  /** Frees the moments and Adam's own variables. */
  dispose(): void {
    this.adam.dispose();
  }
}
