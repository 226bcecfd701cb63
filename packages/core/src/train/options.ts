import { ConfigError } from '../errors.js';
import type { KlScheduleConfig } from './schedules/kl-schedule.js';

/** Options of {@link train}. Only `epochs` is required. */
export interface TrainOptions {
  /** Epochs to train (in total, counting a resumed checkpoint's). */
  epochs: number;
  /** Rows per batch; default 128. */
  batchSize?: number;
  /** Drop the last, smaller batch of each epoch; default false. */
  dropLast?: boolean;
  /** Shuffle the training rows every epoch (seeded); default true. */
  shuffle?: boolean;
  /** Adam's learning rate; default 1e-3. */
  learningRate?: number;
  /** Adam's other constants; defaults β1 0.9, β2 0.999, ε = the backend's epsilon. */
  adam?: { beta1?: number; beta2?: number; epsilon?: number };
  /** Decoupled weight decay (AdamW, applied to every trainable variable); default 0. */
  weightDecay?: number;
  /** Clip the gradient to this global L2 norm before the update; off by default. */
  clipNorm?: number;
  /** KL weight schedule, a registered kind; default `{ kind: 'constant', beta: 1 }`. */
  klSchedule?: KlScheduleConfig;
  /** Free bits per latent dimension (nats), passed to the model's loss; default 0. */
  freeBits?: number;
  /** Monte-Carlo samples of z per data point, passed to the model's loss; default 1. */
  samples?: number;
  /** Seed for shuffling and for every step's sampling; drawn at random (and reported) when omitted. */
  seed?: number;
  /** Validate every this many epochs (and after the last); default 1. */
  validateEveryEpochs?: number;
  /** Rows per validation batch; default batchSize. */
  validationBatchSize?: number;
  /** Stop when the validation loss has not improved by more than minDelta for `patience` validations. */
  earlyStopping?: { patience: number; minDelta?: number; restoreBest?: boolean };
  /** Write a checkpoint to `dir` every `everyEpochs` epochs (default 1) and after the last epoch. */
  checkpoint?: { dir: string; everyEpochs?: number };
  /**
   * Continue the run saved in this checkpoint directory: weights, Adam state, epoch/step, shuffling
   * state, early-stopping state and seed come from it, so with the same options and data the run
   * repeats the uninterrupted one exactly. Differences (data size, batch size, schedule) are warnings.
   */
  resumeFrom?: string;
  /**
   * Aborting it stops training at the next batch boundary with a 'done' event (stoppedReason
   * 'cancelled'; best weights restored as at any other end). The partial epoch is not checkpointed:
   * resuming continues from the last checkpoint written. (Unsubscribing stops the same way, silently.)
   */
  signal?: AbortSignal;
}

/** {@link TrainOptions} checked, with defaults filled in. */
export interface ResolvedTrainOptions {
  epochs: number;
  batchSize: number;
  dropLast: boolean;
  shuffle: boolean;
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number | undefined;
  weightDecay: number;
  clipNorm: number | undefined;
  klSchedule: KlScheduleConfig;
  freeBits: number;
  samples: number;
  seed: number;
  seedGiven: boolean;
  validateEveryEpochs: number;
  validationBatchSize: number;
  earlyStopping: { patience: number; minDelta: number; restoreBest: boolean } | undefined;
  checkpoint: { dir: string; everyEpochs: number } | undefined;
  resumeFrom: string | undefined;
  signal: AbortSignal | undefined;
}

const isPositiveInt = (v: number): boolean => Number.isInteger(v) && v >= 1;

function check(value: unknown, name: string, ok: (v: number) => boolean, requirement: string, hint?: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new ConfigError(`train: ${name} must be ${requirement}, got ${String(value)}`, hint ?? `fix the ${name} option`);
  }
  return value;
}

/** Checks the options (ConfigError naming the bad one) and fills in the defaults. */
export function resolveTrainOptions(options: TrainOptions): ResolvedTrainOptions {
  if (options === null || typeof options !== 'object') throw new ConfigError('train: options are required', 'pass at least { epochs }');
  const epochs = check(options.epochs, 'epochs', isPositiveInt, 'an integer >= 1');
  const batchSize = check(options.batchSize ?? 128, 'batchSize', isPositiveInt, 'an integer >= 1');
  const learningRate = check(options.learningRate ?? 1e-3, 'learningRate', (v) => v > 0, 'a number > 0', 'typical values are 1e-4 … 1e-2');
  const beta1 = check(options.adam?.beta1 ?? 0.9, 'adam.beta1', (v) => v >= 0 && v < 1, 'in [0, 1)');
  const beta2 = check(options.adam?.beta2 ?? 0.999, 'adam.beta2', (v) => v >= 0 && v < 1, 'in [0, 1)');
  const epsilon = options.adam?.epsilon === undefined ? undefined : check(options.adam.epsilon, 'adam.epsilon', (v) => v > 0, 'a number > 0');
  const weightDecay = check(options.weightDecay ?? 0, 'weightDecay', (v) => v >= 0 && v * learningRate < 1, 'a number >= 0 with weightDecay × learningRate < 1');
  const clipNorm = options.clipNorm === undefined ? undefined : check(options.clipNorm, 'clipNorm', (v) => v > 0, 'a number > 0');
  const freeBits = check(options.freeBits ?? 0, 'freeBits', (v) => v >= 0, 'a number >= 0 (nats per latent dimension)');
  const samples = check(options.samples ?? 1, 'samples', isPositiveInt, 'an integer >= 1');
  const seedGiven = options.seed !== undefined;
  const seed = seedGiven
    ? check(options.seed, 'seed', (v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff, 'an integer in [0, 2^32)')
    : Math.floor(Math.random() * 2147483647);
  const validateEveryEpochs = check(options.validateEveryEpochs ?? 1, 'validateEveryEpochs', isPositiveInt, 'an integer >= 1');
  const validationBatchSize = check(options.validationBatchSize ?? batchSize, 'validationBatchSize', isPositiveInt, 'an integer >= 1');
  const klSchedule = options.klSchedule ?? { kind: 'constant', beta: 1 };
  if (klSchedule === null || typeof klSchedule !== 'object' || typeof klSchedule.kind !== 'string') {
    throw new ConfigError('train: klSchedule must be an object with a kind', "e.g. { kind: 'linear', warmupEpochs: 10 }");
  }
  let earlyStopping: ResolvedTrainOptions['earlyStopping'];
  if (options.earlyStopping) {
    const es = options.earlyStopping;
    earlyStopping = {
      patience: check(es.patience, 'earlyStopping.patience', isPositiveInt, 'an integer >= 1'),
      minDelta: check(es.minDelta ?? 0, 'earlyStopping.minDelta', (v) => v >= 0, 'a number >= 0'),
      restoreBest: es.restoreBest ?? true,
    };
  }
  let checkpoint: ResolvedTrainOptions['checkpoint'];
  if (options.checkpoint) {
    if (typeof options.checkpoint.dir !== 'string' || options.checkpoint.dir === '') {
      throw new ConfigError('train: checkpoint.dir must be a non-empty path');
    }
    checkpoint = {
      dir: options.checkpoint.dir,
      everyEpochs: check(options.checkpoint.everyEpochs ?? 1, 'checkpoint.everyEpochs', isPositiveInt, 'an integer >= 1'),
    };
  }
  if (options.resumeFrom !== undefined && (typeof options.resumeFrom !== 'string' || options.resumeFrom === '')) {
    throw new ConfigError('train: resumeFrom must be a checkpoint directory path');
  }
  return {
    epochs,
    batchSize,
    dropLast: options.dropLast ?? false,
    shuffle: options.shuffle ?? true,
    learningRate,
    beta1,
    beta2,
    epsilon,
    weightDecay,
    clipNorm,
    klSchedule,
    freeBits,
    samples,
    seed,
    seedGiven,
    validateEveryEpochs,
    validationBatchSize,
    earlyStopping,
    checkpoint,
    resumeFrom: options.resumeFrom,
    signal: options.signal,
  };
}
