// A one-weight Trainable whose validation loss follows a script, for early-stopping tests.
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Variable } from '@tensorflow/tfjs-core';
import type { Batch } from '../../src/data/batch.js';
import { ParamStore } from '../../src/nn/params.js';
import type { JsonObject } from '../../src/plugins/contracts.js';
import type { LossOptions, LossOutput, Trainable } from '../../src/train/trainable.js';

/**
 * One weight w, training loss (w − 3)²; the validation loss is read from a script, one entry per
 * validation, and w is recorded at each validation so the best epoch's weights are known.
 */
export class ScriptedModel implements Trainable {
  readonly store = new ParamStore('scripted', 1);
  readonly w: Variable = this.store.create('w', [1], 'zeros');
  readonly wAtValidation: number[] = [];
  /** `skip`: validations already done (for a model resumed from a checkpoint). */
  constructor(
    private readonly script: number[],
    private readonly skip = 0,
  ) {}
  variables(): Record<string, Variable> {
    return this.store.variables();
  }
  dispose(): void {
    this.store.dispose();
  }
  toConfig(): JsonObject {
    return { kind: 'test-scripted' };
  }
  loss(_batch: Batch, options: LossOptions): LossOutput {
    if (!options.training) {
      const value = this.script[this.skip + this.wAtValidation.length];
      this.wAtValidation.push(this.w.dataSync()[0]);
      const loss = tf.add(tf.scalar(value), tf.mul(0, tf.sum(this.w))) as Scalar;
      return { loss, terms: {} };
    }
    const loss = tf.sum(tf.square(tf.sub(this.w, 3))) as Scalar;
    return { loss, terms: { reconstruction: loss } };
  }
}
