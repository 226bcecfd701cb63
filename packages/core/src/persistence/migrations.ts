import type { JsonObject } from '../plugins/contracts.js';
import { ConfigError, ModelFormatError } from '../errors.js';
import { FORMAT_VERSION } from './format.js';

/** Rewrites a model.json of formatVersion n into formatVersion n + 1 (weights.bin is unchanged). */
export type Migration = (modelJson: JsonObject) => JsonObject;

/**
 * Steps that bring an old model.json up to the current formatVersion, one version at a time, so
 * that a model saved by an older vaekit still loads in a newer one. When the format changes, bump
 * FORMAT_VERSION and register the step from the previous version here.
 */
export class MigrationRegistry {
  private readonly steps = new Map<number, Migration>();

  /** Registers the step from `fromVersion` to `fromVersion + 1`. */
  register(fromVersion: number, migrate: Migration): void {
    if (!Number.isInteger(fromVersion) || fromVersion < 0) throw new ConfigError(`A migration's fromVersion must be a non-negative integer, got ${fromVersion}`);
    if (this.steps.has(fromVersion)) throw new ConfigError(`A migration from formatVersion ${fromVersion} is already registered`, 'register each step once');
    this.steps.set(fromVersion, migrate);
  }

  /** Versions with a registered step, ascending. */
  versions(): number[] {
    return [...this.steps.keys()].sort((a, b) => a - b);
  }

  /**
   * Applies the steps from `json.formatVersion` up to `target`. Throws ModelFormatError (naming
   * `file`) when a step is missing.
   */
  migrate(json: JsonObject, file: string, target = FORMAT_VERSION): JsonObject {
    let current = json;
    let version = current.formatVersion as number;
    while (version < target) {
      const step = this.steps.get(version);
      if (!step) {
        throw new ModelFormatError(
          `${file} has formatVersion ${json.formatVersion as number}, which this vaekit cannot read: no migration from formatVersion ${version} to ${version + 1} (it reads formatVersion ${target})`,
          'load and re-save the model with the vaekit version that wrote it, or retrain it',
        );
      }
      current = { ...step(current), formatVersion: version + 1 };
      version += 1;
    }
    return current;
  }
}

/** The migrations readModelDir applies by default. Empty while formatVersion 1 is the only one. */
export const modelMigrations = new MigrationRegistry();
