/**
 * The events of a training run, discriminated by `type`. Counting conventions everywhere:
 * `epoch` is 1-based (epoch 1 is the first), `step` is the 1-based global optimizer step (the number
 * of updates done including this one), `batch` is the 0-based index of the batch within its epoch.
 */
export type TrainEvent =
  | TrainStartEvent
  | TrainWarningEvent
  | TrainBatchEvent
  | TrainEpochEvent
  | TrainValidationEvent
  | TrainCheckpointEvent
  | TrainEarlyStopEvent
  | TrainDoneEvent;

/** The run is set up (data checked, optimizer built, checkpoint restored); training starts next. */
export interface TrainStartEvent {
  type: 'start';
  /** tfjs backend in use ('wasm', 'tensorflow', 'cpu', …). */
  backend: string;
  /** Training samples. */
  samples: number;
  /** Validation samples (0 without validation data). */
  validationSamples: number;
  batchSize: number;
  stepsPerEpoch: number;
  epochs: number;
  totalSteps: number;
  /** The seed in use (drawn at random and reported here when none was given). */
  seed: number;
  /** First epoch this run will train (> 1 when resumed). */
  startEpoch: number;
  /** Set when the run continues a checkpoint. */
  resumedFrom?: { path: string; epoch: number; step: number };
  /** The resolved KL schedule. */
  klSchedule: { kind: string; [key: string]: unknown };
}

/** Something the user should know that does not stop training (e.g. a shortened KL warm-up). */
export interface TrainWarningEvent {
  type: 'warning';
  /** Stable identifier of the warning, e.g. 'kl-schedule'. */
  code: string;
  message: string;
}

/** One optimizer step done. */
export interface TrainBatchEvent {
  type: 'batch';
  epoch: number;
  step: number;
  batch: number;
  /** Rows in this batch. */
  batchSize: number;
  /** The minimised loss (mean over the batch, with β and free bits applied). */
  loss: number;
  /** The model's named terms (reconstruction, kl, …), each a mean over the batch. */
  terms: Record<string, number>;
  beta: number;
  /** Mean KL per latent dimension over the batch; empty when the model reports none. */
  klPerDim: number[];
  /** Global L2 norm of the gradient before clipping. */
  gradNorm: number;
  /** True when the gradient was scaled down to `clipNorm` before the update. */
  clipped: boolean;
  /** Rows per second for this step (data, forward, backward, update). */
  samplesPerSecond: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
}

/** One epoch done: means over its steps, weighted by batch size. */
export interface TrainEpochEvent {
  type: 'epoch';
  epoch: number;
  /** Global step at the end of the epoch. */
  step: number;
  /** Steps in this epoch. */
  steps: number;
  loss: number;
  terms: Record<string, number>;
  /** β at the epoch's last step. */
  beta: number;
  klPerDim: number[];
  /** Latent dimensions whose mean KL exceeds 0.01 nats ("active units"). */
  activeDims: number;
  /** Mean and largest pre-clipping gradient norm over the epoch. */
  gradNorm: { mean: number; max: number };
  /** Steps whose gradient was clipped. */
  clippedSteps: number;
  /** Rows per second over the epoch. */
  samplesPerSecond: number;
  epochMs: number;
  elapsedMs: number;
}

/**
 * The loss on the validation data after an epoch: training = false, β = 1 and no free bits, so
 * `loss` is the negative ELBO (per sample, averaged over the validation set), the same objective for
 * every epoch whatever the KL schedule. Its sampling uses the same seeds every epoch.
 */
export interface TrainValidationEvent {
  type: 'validation';
  epoch: number;
  step: number;
  loss: number;
  terms: Record<string, number>;
  klPerDim: number[];
  /** True when this is the best validation loss so far (by more than minDelta with early stopping). */
  improved: boolean;
  bestLoss: number;
  bestEpoch: number;
  elapsedMs: number;
}

/** A checkpoint was written (atomically) to `path`. */
export interface TrainCheckpointEvent {
  type: 'checkpoint';
  epoch: number;
  step: number;
  path: string;
}

/** Validation stopped improving for `patience` validations; training ends after this epoch. */
export interface TrainEarlyStopEvent {
  type: 'early-stop';
  epoch: number;
  bestEpoch: number;
  bestLoss: number;
  patience: number;
  /** True when the best weights are put back into the model. */
  restoreBest: boolean;
}

/** Why a run ended without an error. */
export type StoppedReason = 'completed' | 'early-stopping' | 'cancelled';

/** The summary in the final 'done' event. */
export interface TrainSummary {
  /** Last epoch completed (counting epochs of a resumed run's checkpoint). */
  epochs: number;
  /** Optimizer steps done in total (counting a resumed checkpoint's). */
  steps: number;
  /** Best validation loss (negative ELBO) and its epoch; null without validation. */
  bestValidationLoss: number | null;
  bestEpoch: number | null;
  /** Mean training loss of the last completed epoch; null if no epoch completed. */
  finalLoss: number | null;
  /** Last validation loss; null without validation. */
  finalValidationLoss: number | null;
  elapsedMs: number;
  stoppedReason: StoppedReason;
  /** True when the best validation weights were restored into the model at the end. */
  restoredBest: boolean;
  seed: number;
  /** Last checkpoint written or resumed from; null when none. */
  checkpoint: string | null;
}

/** Training ended; always the last event of a run that did not fail or get unsubscribed. */
export interface TrainDoneEvent {
  type: 'done';
  summary: TrainSummary;
}
