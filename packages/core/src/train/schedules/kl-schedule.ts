import { ConfigError } from '../../errors.js';
import type { JsonObject, JsonValue } from '../../plugins/contracts.js';
import type { Registered } from '../../plugins/registry.js';
import { Registry } from '../../plugins/registry.js';

/** A KL schedule's config: its registered `kind` plus that kind's options. */
export type KlScheduleConfig = { kind: string } & JsonObject;

/** What a schedule needs to know about the run it is scheduling. */
export interface KlScheduleContext {
  /** Optimizer steps in the whole run (epochs × steps per epoch). */
  totalSteps: number;
  stepsPerEpoch: number;
}

/** β as a function of the optimizer step. */
export interface KlSchedule {
  readonly kind: string;
  /** β for the 1-based optimizer step `step` (1 … totalSteps). Pure: no state advances. */
  betaAt(step: number): number;
  /** Things the user should know, e.g. a warm-up shortened to fit the run; emitted as 'warning' events. */
  readonly warnings: readonly string[];
  /** The resolved schedule (kind + every parameter, in steps), stored in checkpoints. */
  describe(): JsonObject;
}

/** A registered schedule kind: checks its config and builds a schedule for a run. */
export interface KlSchedulePlugin extends Registered {
  /** Checks and completes a config (defaults filled in); throws ConfigError on invalid values. */
  parseConfig(config: JsonObject): JsonObject;
  create(config: JsonObject, context: KlScheduleContext): KlSchedule;
}

/** The KL schedule registry. Built-ins: 'constant', 'linear', 'cyclical' (see their files). */
export const klSchedules = new Registry<KlSchedulePlugin>('KL schedule');

/** Looks up `config.kind`, checks the config and creates the schedule. */
export function createKlSchedule(config: KlScheduleConfig, context: KlScheduleContext): KlSchedule {
  const plugin = klSchedules.get(config.kind);
  return plugin.create(plugin.parseConfig(config), context);
}

/** Reads a finite number option from a config, with a default and a range check. */
export function numberOption(
  config: JsonObject,
  key: string,
  kind: string,
  fallback: number | undefined,
  check: (v: number) => boolean,
  requirement: string,
): number {
  const raw: JsonValue | undefined = config[key];
  const v = raw === undefined || raw === null ? fallback : raw;
  if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) {
    throw new ConfigError(
      `KL schedule "${kind}": ${key} must be ${requirement}, got ${JSON.stringify(raw ?? null)}`,
      `fix klSchedule.${key}`,
    );
  }
  return v;
}

/** Rejects config keys a schedule does not know (catches typos such as `warmupEpoch`). */
export function rejectUnknownKeys(config: JsonObject, kind: string, known: readonly string[]): void {
  for (const key of Object.keys(config)) {
    if (key !== 'kind' && !known.includes(key)) {
      throw new ConfigError(`KL schedule "${kind}": unknown option "${key}"`, `known options: ${known.join(', ')}`);
    }
  }
}
