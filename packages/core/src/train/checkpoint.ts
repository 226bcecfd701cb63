import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { RngState } from '../math/rng.js';
import { ModelFormatError } from '../errors.js';
import type { JsonObject, JsonValue } from '../plugins/contracts.js';
import { readModelDir, writeModelDir } from '../persistence/index.js';
import type { TrainerAdam } from './adam.js';
import type { BestWeights } from './best-weights.js';
import type { Trainable } from './trainable.js';

/** `training.kind` of a checkpoint's model.json. */
export const CHECKPOINT_KIND = 'vaekit-training-checkpoint';
/** Version of the `training` object's layout. */
export const CHECKPOINT_VERSION = 1;

/**
 * The `training` object of a checkpoint: where the run stands after `epoch` epochs (`step` optimizer
 * steps), the shuffling generator's state at that point, the resolved KL schedule, Adam's scalars
 * and the early-stopping state. Moments live in weights.bin under `optimizer/<variable>/m|v`, the
 * best weights (with early stopping + restoreBest) under `training/best/<variable>`.
 */
export interface CheckpointTraining {
  epoch: number;
  step: number;
  seed: number;
  rng: RngState;
  samples: number;
  batchSize: number;
  stepsPerEpoch: number;
  klSchedule: JsonObject;
  optimizer: JsonObject;
  best: JsonObject;
  lastEpochLoss: number | null;
  lastValidationLoss: number | null;
}

/** Writes a checkpoint (atomically) to `dir`: model weights, optimizer moments, best weights, state. */
export async function writeCheckpoint(
  dir: string,
  model: Trainable,
  state: Omit<CheckpointTraining, 'optimizer' | 'best'>,
  optimizer: TrainerAdam,
  best: BestWeights,
): Promise<void> {
  const opt = await optimizer.snapshot();
  const training: JsonObject = {
    kind: CHECKPOINT_KIND,
    version: CHECKPOINT_VERSION,
    ...(state as unknown as JsonObject),
    optimizer: opt.json,
    best: best.state(),
  };
  const weights: Record<string, Tensor> = { ...model.variables(), ...opt.tensors, ...best.tensors() };
  await writeModelDir(dir, { model: model.toConfig(), training }, weights);
}

/** Reads a checkpoint. The caller owns (and disposes) the returned weights. */
export async function readCheckpoint(dir: string): Promise<{ training: CheckpointTraining; weights: Record<string, Tensor> }> {
  const { manifest, weights } = await readModelDir(dir);
  try {
    return { training: parseCheckpointTraining(manifest.training, dir), weights };
  } catch (err) {
    tf.dispose(Object.values(weights));
    throw err;
  }
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a checkpoint's `training` object; ModelFormatError naming `where` when it is not one. */
export function parseCheckpointTraining(value: JsonValue | undefined, where: string): CheckpointTraining {
  const bad = (what: string): ModelFormatError =>
    new ModelFormatError(
      `${where} is not a usable training checkpoint: ${what}`,
      'pass a directory written by train() with the checkpoint option (a saved model without training state cannot be resumed)',
    );
  if (!isObject(value)) throw bad('its model.json has no "training" object');
  if (value.kind !== CHECKPOINT_KIND) throw bad(`training.kind is ${JSON.stringify(value.kind ?? null)}, expected "${CHECKPOINT_KIND}"`);
  if (value.version !== CHECKPOINT_VERSION) throw bad(`training.version ${JSON.stringify(value.version ?? null)} is not ${CHECKPOINT_VERSION}`);
  const int = (key: string): number => {
    const v = value[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw bad(`training.${key} is not a non-negative integer`);
    return v;
  };
  const numOrNull = (key: string): number | null => {
    const v = value[key];
    if (v === null || v === undefined) return null;
    if (typeof v !== 'number') throw bad(`training.${key} is not a number`);
    return v;
  };
  const rng = value.rng;
  if (!Array.isArray(rng) || rng.length !== 5 || rng.slice(0, 4).some((w) => typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > 0xffffffff) || !(rng[4] === null || typeof rng[4] === 'number')) {
    throw bad('training.rng is not a generator state (four unsigned 32-bit integers and a number or null)');
  }
  for (const key of ['klSchedule', 'optimizer', 'best'] as const) if (!isObject(value[key])) throw bad(`training.${key} is missing`);
  return {
    epoch: int('epoch'),
    step: int('step'),
    seed: int('seed'),
    rng: rng as RngState,
    samples: int('samples'),
    batchSize: int('batchSize'),
    stepsPerEpoch: int('stepsPerEpoch'),
    klSchedule: value.klSchedule as JsonObject,
    optimizer: value.optimizer as JsonObject,
    best: value.best as JsonObject,
    lastEpochLoss: numOrNull('lastEpochLoss'),
    lastValidationLoss: numOrNull('lastValidationLoss'),
  };
}
