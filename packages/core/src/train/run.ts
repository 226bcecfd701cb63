import * as tf from '@tensorflow/tfjs-core';
import type { Variable } from '@tensorflow/tfjs-core';
import type { DataSource } from '../data/batch.js';
import { Rng } from '../math/rng.js';
import { ConfigError, InputError, TrainingError } from '../errors.js';
import { deriveSeed } from '../nn/params.js';
import { assignWeights } from '../persistence/index.js';
import { TrainerAdam } from './adam.js';
import { BestWeights } from './best-weights.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { EpochStats } from './epoch-stats.js';
import { disposeBatch, evaluateLoss } from './evaluate.js';
import type { StoppedReason, TrainEvent } from './events.js';
import type { ResolvedTrainOptions, TrainOptions } from './options.js';
import { resolveTrainOptions } from './options.js';
import { createKlSchedule } from './schedules/index.js';
import type { StepOutcome } from './step.js';
import { trainStep } from './step.js';
import type { Trainable } from './trainable.js';
import { yieldToEventLoop } from './yield.js';

/** Training data with an optional validation set. */
export interface TrainData {
  train: DataSource;
  validation?: DataSource;
}

/** How the run talks to its subscriber. */
export interface RunIO {
  emit(event: TrainEvent): void;
  /** True once the subscriber has unsubscribed: stop at the next batch boundary, emit nothing more. */
  unsubscribed(): boolean;
}

function isDataSource(data: DataSource | TrainData): data is DataSource {
  return typeof data === 'object' && data !== null && typeof (data as DataSource).batch === 'function';
}

function checkSource(source: unknown, what: string): DataSource {
  const s = source as DataSource | undefined;
  if (!s || typeof s.batch !== 'function' || !Number.isInteger(s.size) || s.size < 0) {
    throw new ConfigError(`train: the ${what} is not a DataSource`, 'pass an object with size and batch(indices), e.g. an ArraySource');
  }
  if (s.size === 0) throw new InputError(`train: the ${what} is empty`, 'pass at least one sample');
  return s;
}

/** Densifies the source's first batch and lets the model reject it before any training happens. */
function validateFirstBatch(model: Trainable, source: DataSource, batchSize: number): void {
  if (!model.validateBatch) return;
  const n = Math.min(batchSize, source.size);
  const indices = new Uint32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  const batch = source.batch(indices);
  try {
    model.validateBatch(batch);
  } finally {
    disposeBatch(batch);
  }
}

function nonFiniteError(outcome: StepOutcome, where: { epoch: number; step: number; batch: number; stepsPerEpoch: number }, opts: ResolvedTrainOptions, checkpoint: string | null): TrainingError {
  const what = Number.isFinite(outcome.loss) ? `Non-finite gradient (global norm ${outcome.gradNorm})` : `Non-finite loss (${outcome.loss})`;
  const hints = [
    `lower the learning rate (now ${opts.learningRate})`,
    opts.clipNorm === undefined ? 'enable gradient clipping (e.g. clipNorm: 10)' : `clip harder (clipNorm is ${opts.clipNorm})`,
    'check the input for NaN, Inf or extreme values (and that counts are raw counts for count likelihoods)',
    checkpoint ? `the last good checkpoint is ${checkpoint}; resume from it with resumeFrom` : 'enable checkpoints to keep the last good state',
  ];
  return new TrainingError(
    `${what} at epoch ${where.epoch}, step ${where.step} (batch ${where.batch} of ${where.stepsPerEpoch} in the epoch); the update was not applied and training stopped`,
    hints.join('; '),
    { epoch: where.epoch, step: where.step, batch: where.batch, ...(checkpoint ? { checkpoint } : {}) },
  );
}

/**
 * The training loop behind {@link train}: set up, optionally resume, then epochs of seeded shuffled
 * batches, each step followed by a yield to the event loop so that cancellation can take effect.
 * Frees the optimizer and the best-weights copy however it ends.
 */
export async function runTraining(model: Trainable, data: DataSource | TrainData, options: TrainOptions, io: RunIO): Promise<void> {
  const opts = resolveTrainOptions(options);
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  const trainSource = checkSource(isDataSource(data) ? data : data?.train, 'training data');
  const validation = isDataSource(data) || data.validation === undefined ? undefined : checkSource(data.validation, 'validation data');
  if (opts.earlyStopping && !validation) {
    throw new ConfigError('train: earlyStopping needs validation data', 'pass { train, validation } (see trainValidationSplit) or drop earlyStopping');
  }
  validateFirstBatch(model, trainSource, opts.batchSize);
  if (validation) validateFirstBatch(model, validation, opts.validationBatchSize);

  const allVariables = model.variables();
  const trainable: Array<[string, Variable]> = Object.entries(allVariables)
    .filter(([, v]) => v.trainable)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (trainable.length === 0) throw new ConfigError('train: the model has no trainable variables');

  const n = trainSource.size;
  const bs = opts.batchSize;
  const stepsPerEpoch = opts.dropLast ? Math.floor(n / bs) : Math.ceil(n / bs);
  if (stepsPerEpoch === 0) {
    throw new ConfigError(`train: batchSize ${bs} is larger than the ${n} training samples and dropLast is on`, 'use a smaller batchSize or dropLast: false');
  }
  const totalSteps = opts.epochs * stepsPerEpoch;
  const schedule = createKlSchedule(opts.klSchedule, { totalSteps, stepsPerEpoch });
  const warnings: Array<{ code: string; message: string }> = schedule.warnings.map((message) => ({ code: 'kl-schedule', message }));

  const optimizer = new TrainerAdam(trainable, {
    learningRate: opts.learningRate,
    beta1: opts.beta1,
    beta2: opts.beta2,
    epsilon: opts.epsilon,
    weightDecay: opts.weightDecay,
  });
  const best = new BestWeights(allVariables, opts.earlyStopping);
  try {
    let seed = opts.seed;
    let rng = new Rng(deriveSeed(seed, 'shuffle'));
    let epoch = 0;
    let step = 0;
    let lastCheckpoint: string | null = null;
    let lastEpochLoss: number | null = null;
    let lastValidationLoss: number | null = null;
    let resumedFrom: { path: string; epoch: number; step: number } | undefined;

    if (opts.resumeFrom) {
      const where = opts.resumeFrom;
      const { training, weights } = await readCheckpoint(where);
      try {
        const own: Record<string, tf.Tensor> = {};
        for (const name of Object.keys(allVariables)) if (weights[name]) own[name] = weights[name];
        const extra = Object.keys(weights).filter((k) => !(k in allVariables) && !k.startsWith('optimizer/') && !k.startsWith('training/'));
        for (const k of extra) own[k] = weights[k]; // assignWeights names them as unexpected
        assignWeights(allVariables, own, where);
        await optimizer.restore(training.optimizer, weights, where);
        best.load(training.best, weights);
      } finally {
        tf.dispose(Object.values(weights));
      }
      if (opts.seedGiven && opts.seed !== training.seed) {
        warnings.push({ code: 'resume', message: `resuming with the checkpoint's seed ${training.seed}, not the seed option ${opts.seed}` });
      }
      seed = training.seed;
      rng = Rng.fromState(training.rng);
      epoch = training.epoch;
      step = training.step;
      lastEpochLoss = training.lastEpochLoss;
      lastValidationLoss = training.lastValidationLoss;
      lastCheckpoint = where;
      resumedFrom = { path: where, epoch, step };
      if (training.samples !== n || training.batchSize !== bs) {
        warnings.push({
          code: 'resume',
          message: `the checkpoint was trained on ${training.samples} samples with batch size ${training.batchSize}, this run has ${n} and ${bs}: the run continues, but not as the original would have`,
        });
      }
      if (JSON.stringify(training.klSchedule) !== JSON.stringify(schedule.describe())) {
        warnings.push({ code: 'resume', message: `the KL schedule differs from the checkpoint's (${JSON.stringify(training.klSchedule)}); using this run's` });
      }
    }

    io.emit({
      type: 'start',
      backend: tf.getBackend(),
      samples: n,
      validationSamples: validation?.size ?? 0,
      batchSize: bs,
      stepsPerEpoch,
      epochs: opts.epochs,
      totalSteps,
      seed,
      startEpoch: epoch + 1,
      ...(resumedFrom ? { resumedFrom } : {}),
      klSchedule: schedule.describe() as { kind: string },
    });
    for (const w of warnings) io.emit({ type: 'warning', ...w });

    const aborted = (): boolean => opts.signal?.aborted === true;
    let stoppedReason: StoppedReason = 'completed';
    epochs: for (let e = epoch + 1; e <= opts.epochs; e++) {
      const order = opts.shuffle ? rng.permutation(n) : Uint32Array.from({ length: n }, (_, i) => i);
      const stats = new EpochStats();
      const epochStarted = performance.now();
      let beta = schedule.betaAt(step + 1);
      for (let b = 0; b < stepsPerEpoch; b++) {
        await yieldToEventLoop();
        if (io.unsubscribed()) return;
        if (aborted()) {
          stoppedReason = 'cancelled';
          break epochs;
        }
        const indices = order.subarray(b * bs, Math.min(n, (b + 1) * bs));
        const s = step + 1;
        beta = schedule.betaAt(s);
        const t0 = performance.now();
        const batch = trainSource.batch(indices);
        let outcome: StepOutcome;
        try {
          outcome = await trainStep(
            model,
            trainable,
            batch,
            { beta, freeBits: opts.freeBits, samples: opts.samples, seed: deriveSeed(seed, 'step', s), training: true },
            optimizer,
            opts.clipNorm,
          );
        } finally {
          disposeBatch(batch);
        }
        if (!outcome.ok) throw nonFiniteError(outcome, { epoch: e, step: s, batch: b, stepsPerEpoch }, opts, lastCheckpoint);
        step = s;
        stats.add(outcome, indices.length);
        io.emit({
          type: 'batch',
          epoch: e,
          step,
          batch: b,
          batchSize: indices.length,
          loss: outcome.loss,
          terms: outcome.terms,
          beta,
          klPerDim: outcome.klPerDim,
          gradNorm: outcome.gradNorm,
          clipped: outcome.clipped,
          samplesPerSecond: indices.length / (Math.max(performance.now() - t0, 1e-3) / 1000),
          elapsedMs: elapsed(),
        });
      }
      epoch = e;
      lastEpochLoss = stats.loss;
      const epochMs = performance.now() - epochStarted;
      io.emit({
        type: 'epoch',
        epoch: e,
        step,
        steps: stats.steps,
        loss: stats.loss,
        terms: stats.terms,
        beta,
        klPerDim: stats.klPerDim,
        activeDims: stats.activeDims,
        gradNorm: stats.gradNorm,
        clippedSteps: stats.clippedSteps,
        samplesPerSecond: stats.rows / (Math.max(epochMs, 1e-3) / 1000),
        epochMs,
        elapsedMs: elapsed(),
      });

      let stop = false;
      if (validation && (e % opts.validateEveryEpochs === 0 || e === opts.epochs)) {
        const result = await evaluateLoss(
          model,
          validation,
          { batchSize: opts.validationBatchSize, samples: opts.samples, seed },
          () => io.unsubscribed() || aborted(),
        );
        if (!result) {
          if (io.unsubscribed()) return;
          stoppedReason = 'cancelled';
          break;
        }
        lastValidationLoss = result.loss;
        const { improved, stop: shouldStop } = best.update(result.loss, e);
        stop = shouldStop;
        io.emit({
          type: 'validation',
          epoch: e,
          step,
          loss: result.loss,
          terms: result.terms,
          klPerDim: result.klPerDim,
          improved,
          bestLoss: best.bestLoss,
          bestEpoch: best.bestEpoch,
          elapsedMs: elapsed(),
        });
      }
      if (opts.checkpoint && (e % opts.checkpoint.everyEpochs === 0 || e === opts.epochs || stop)) {
        await writeCheckpoint(
          opts.checkpoint.dir,
          model,
          { epoch, step, seed, rng: rng.getState(), samples: n, batchSize: bs, stepsPerEpoch, klSchedule: schedule.describe(), lastEpochLoss, lastValidationLoss },
          optimizer,
          best,
        );
        lastCheckpoint = opts.checkpoint.dir;
        io.emit({ type: 'checkpoint', epoch, step, path: opts.checkpoint.dir });
      }
      if (stop && opts.earlyStopping) {
        io.emit({
          type: 'early-stop',
          epoch: e,
          bestEpoch: best.bestEpoch,
          bestLoss: best.bestLoss,
          patience: opts.earlyStopping.patience,
          restoreBest: opts.earlyStopping.restoreBest,
        });
        stoppedReason = 'early-stopping';
        break;
      }
    }
    if (io.unsubscribed()) return;
    const restoredBest = opts.earlyStopping?.restoreBest === true ? best.restore() : false;
    io.emit({
      type: 'done',
      summary: {
        epochs: epoch,
        steps: step,
        bestValidationLoss: Number.isFinite(best.bestLoss) ? best.bestLoss : null,
        bestEpoch: Number.isFinite(best.bestLoss) ? best.bestEpoch : null,
        finalLoss: lastEpochLoss,
        finalValidationLoss: lastValidationLoss,
        elapsedMs: elapsed(),
        stoppedReason,
        restoredBest,
        seed,
        checkpoint: lastCheckpoint,
      },
    });
  } finally {
    optimizer.dispose();
    best.dispose();
  }
}
