import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { JsonObject } from '../plugins/contracts.js';

/** Name prefix of the best-weights copy in a checkpoint. */
export const BEST_PREFIX = 'training/best/';

/** Early-stopping settings as resolved for a run. */
export interface EarlyStoppingConfig {
  patience: number;
  minDelta: number;
  restoreBest: boolean;
}

/**
 * Tracks the best validation loss and, with early stopping, the validations since it last improved
 * and (with restoreBest) a copy of the weights at the best epoch. Without early stopping it only
 * tracks the best loss (improvement = any decrease).
 */
export class BestWeights {
  bestLoss = Infinity;
  bestEpoch = 0;
  /** Validations in a row without an improvement of more than minDelta. */
  stale = 0;
  private copy: Record<string, Tensor> | undefined;

  constructor(
    private readonly variables: Record<string, Variable>,
    readonly config: EarlyStoppingConfig | undefined,
  ) {}

  /** Records a validation loss; says whether it improved and whether training should stop now. */
  update(loss: number, epoch: number): { improved: boolean; stop: boolean } {
    const minDelta = this.config?.minDelta ?? 0;
    const improved = Number.isFinite(loss) && loss < this.bestLoss - minDelta;
    if (improved) {
      this.bestLoss = loss;
      this.bestEpoch = epoch;
      this.stale = 0;
      if (this.config?.restoreBest) this.keepCopy();
    } else {
      this.stale += 1;
    }
    return { improved, stop: this.config !== undefined && this.stale >= this.config.patience };
  }

  /** True when a copy of the best weights is held. */
  get hasCopy(): boolean {
    return this.copy !== undefined;
  }

  /** Puts the best weights back into the model's variables; false when there is no copy. */
  restore(): boolean {
    const copy = this.copy;
    if (!copy) return false;
    for (const [name, v] of Object.entries(this.variables)) {
      const t = copy[name];
      if (t) v.assign(t);
    }
    return true;
  }

  /** The copy under `training/best/<name>` names for a checkpoint (still owned by this object). */
  tensors(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(this.copy ?? {})) out[`${BEST_PREFIX}${name}`] = t;
    return out;
  }

  /** JSON state for a checkpoint. */
  state(): JsonObject {
    return {
      bestLoss: Number.isFinite(this.bestLoss) ? this.bestLoss : null,
      bestEpoch: this.bestEpoch,
      stale: this.stale,
      hasCopy: this.hasCopy,
    };
  }

  /** Restores {@link state} and, when it had a copy, the `training/best/<name>` tensors (cloned). */
  load(state: JsonObject, weights: Record<string, Tensor>): void {
    this.bestLoss = typeof state.bestLoss === 'number' ? state.bestLoss : Infinity;
    this.bestEpoch = typeof state.bestEpoch === 'number' ? state.bestEpoch : 0;
    this.stale = typeof state.stale === 'number' ? state.stale : 0;
    this.dropCopy();
    if (state.hasCopy === true) {
      const copy: Record<string, Tensor> = {};
      for (const name of Object.keys(this.variables)) {
        const t = weights[`${BEST_PREFIX}${name}`];
        if (t) copy[name] = tf.clone(t);
      }
      this.copy = copy;
    }
  }

  /** Frees the copy. */
  dispose(): void {
    this.dropCopy();
  }

  private keepCopy(): void {
    this.dropCopy();
    const copy: Record<string, Tensor> = {};
    for (const [name, v] of Object.entries(this.variables)) copy[name] = tf.clone(v);
    this.copy = copy;
  }

  private dropCopy(): void {
    if (this.copy) tf.dispose(Object.values(this.copy));
    this.copy = undefined;
  }
}
