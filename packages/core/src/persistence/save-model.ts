import type { Tensor } from '@tensorflow/tfjs-core';
import type { JsonObject } from '../plugins/contracts.js';
import type { Registry } from '../plugins/registry.js';
import type { Trainable } from '../train/trainable.js';
import { ConfigError, ModelFormatError } from '../errors.js';
import { assignWeights } from './assign-weights.js';
import { MODEL_FILE } from './format.js';
import type { ModelKind } from './model-registry.js';
import { modelKinds } from './model-registry.js';
import type { ReadModelOptions } from './read-model-dir.js';
import { disposeWeights, readModelDir } from './read-model-dir.js';
import type { WriteModelOptions } from './write-model-dir.js';
import { writeModelDir } from './write-model-dir.js';

export interface LoadModelOptions extends ReadModelOptions {
  /** Where to find model kinds (default: the global `modelKinds`). */
  registry?: Registry<ModelKind>;
}

/**
 * Saves a model as a directory (atomically; see writeModelDir). model.json holds
 * `model: model.toConfig()` beside `extra` (training summary, feature names, preprocessing, …);
 * weights.bin holds `model.variables()`.
 */
export async function saveModel(model: Trainable, dir: string, extra: JsonObject = {}, options: WriteModelOptions = {}): Promise<void> {
  if ('model' in extra) throw new ConfigError('saveModel: `extra` may not set "model"', 'saveModel writes model.toConfig() there; rename your key');
  const config = model.toConfig();
  if (typeof config.kind !== 'string' || !config.kind) {
    throw new ConfigError('saveModel: model.toConfig() has no string "kind"', 'toConfig() must return { kind, ... } naming a registered model kind');
  }
  await writeModelDir(dir, { model: config, ...extra }, model.variables(), options);
}

/** Weight-name prefixes a checkpoint adds beside the model's own variables. */
const TRAINING_ONLY = ['optimizer/', 'training/'];

/** Loads a model saved by saveModel (or a training checkpoint), and its manifest (summary, feature names, …). */
export async function loadModelWithManifest(dir: string, options: LoadModelOptions = {}): Promise<{ model: Trainable; manifest: JsonObject }> {
  const contents = await readModelDir(dir, options);
  let model: Trainable | undefined;
  try {
    const config = contents.manifest.model;
    if (typeof config !== 'object' || config === null || Array.isArray(config) || typeof config.kind !== 'string') {
      throw new ModelFormatError(
        `${dir}/${MODEL_FILE} has no "model" config with a "kind"`,
        'it was not written by saveModel; read it with readModelDir instead',
      );
    }
    model = (options.registry ?? modelKinds).get(config.kind).fromConfig(config);
  } catch (err) {
    disposeWeights(contents);
    throw err;
  }
  // a training checkpoint also holds optimizer state and early-stopping weights: a model load skips them
  const own: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(contents.weights)) {
    if (TRAINING_ONLY.some((prefix) => name.startsWith(prefix))) t.dispose();
    else own[name] = t;
  }
  try {
    assignWeights(model.variables(), own, dir);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return { model, manifest: contents.manifest };
}

/**
 * Loads a model saved by saveModel: finds its kind in the model registry (an unknown kind is a
 * ConfigError listing the registered kinds), builds it from the saved config and assigns the
 * saved weights (a shape or name mismatch is a ModelFormatError).
 */
export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<Trainable> {
  return (await loadModelWithManifest(dir, options)).model;
}
