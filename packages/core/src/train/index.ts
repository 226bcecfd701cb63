export { train } from './train.js';
export type { TrainData } from './run.js';
export type { TrainOptions, ResolvedTrainOptions } from './options.js';
export { resolveTrainOptions } from './options.js';
export type {
  TrainEvent,
  TrainStartEvent,
  TrainWarningEvent,
  TrainBatchEvent,
  TrainEpochEvent,
  TrainValidationEvent,
  TrainCheckpointEvent,
  TrainEarlyStopEvent,
  TrainDoneEvent,
  TrainSummary,
  StoppedReason,
} from './events.js';
export { collect, trainingSummary } from './collect.js';
export type { Trainable, LossOptions, LossOutput } from './trainable.js';
export { globalNorm, clipByGlobalNorm } from './gradients.js';
export { evaluateLoss } from './evaluate.js';
export type { Evaluation } from './evaluate.js';
export { readCheckpoint, CHECKPOINT_KIND, CHECKPOINT_VERSION } from './checkpoint.js';
export type { CheckpointTraining } from './checkpoint.js';
export { ACTIVE_DIM_THRESHOLD } from './epoch-stats.js';
export * from './schedules/index.js';
