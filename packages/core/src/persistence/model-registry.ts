import type { JsonObject } from '../plugins/contracts.js';
import { Registry } from '../plugins/registry.js';
import type { Trainable } from '../train/trainable.js';

/**
 * A kind of model that can be rebuilt from the config its `toConfig()` wrote (`{ kind, ... }`):
 * how loadModel turns a saved model.json back into a model, before its weights are assigned.
 */
export interface ModelKind {
  readonly kind: string;
  /** Builds a fresh model (initial weights) from a config written by `toConfig()`. */
  fromConfig(config: JsonObject): Trainable;
}

/** The model kinds loadModel can build. A package registers its model kinds when imported. */
export const modelKinds = new Registry<ModelKind>('model');
