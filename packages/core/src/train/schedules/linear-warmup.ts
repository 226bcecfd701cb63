import { ConfigError } from '../../errors.js';
import type { JsonObject } from '../../plugins/contracts.js';
import type { KlSchedule, KlScheduleContext, KlSchedulePlugin } from './kl-schedule.js';
import { klSchedules, numberOption, rejectUnknownKeys } from './kl-schedule.js';

/**
 * Linear KL warm-up: `{ kind: 'linear', betaStart: 0, betaTarget: 1, warmupSteps }` or `warmupEpochs`
 * (converted to steps: round(epochs × steps per epoch)). β(step) = betaStart + (betaTarget −
 * betaStart) · step / N for step < N, and exactly betaTarget from step N on (steps are 1-based, so
 * betaStart is the value "before the first step").
 *
 * The warm-up always reaches the target. scvi-tools defines its warm-up in epochs (400 by default)
 * while training large data sets for far fewer epochs, so β never gets to 1 and the model is trained
 * on a different objective from the one it is evaluated on. Here, when the run has fewer steps than
 * the warm-up (N > total steps), the warm-up is shortened to the run — β reaches the target exactly
 * at the last step — and the schedule carries a warning saying so (emitted as a 'warning' event).
 */
export const linearKlSchedule: KlSchedulePlugin = klSchedules.register({
  kind: 'linear',
  parseConfig(config: JsonObject): JsonObject {
    rejectUnknownKeys(config, 'linear', ['betaStart', 'betaTarget', 'warmupSteps', 'warmupEpochs']);
    const betaStart = numberOption(config, 'betaStart', 'linear', 0, (v) => v >= 0, 'a number >= 0');
    const betaTarget = numberOption(config, 'betaTarget', 'linear', 1, (v) => v >= 0, 'a number >= 0');
    const hasSteps = config.warmupSteps !== undefined && config.warmupSteps !== null;
    const hasEpochs = config.warmupEpochs !== undefined && config.warmupEpochs !== null;
    if (hasSteps === hasEpochs) {
      throw new ConfigError(
        'KL schedule "linear": give exactly one of warmupSteps and warmupEpochs',
        'e.g. { kind: "linear", warmupSteps: 5000 } or { kind: "linear", warmupEpochs: 10 }',
      );
    }
    const out: JsonObject = { kind: 'linear', betaStart, betaTarget };
    if (hasSteps) {
      out.warmupSteps = numberOption(config, 'warmupSteps', 'linear', undefined, (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1');
    } else {
      out.warmupEpochs = numberOption(config, 'warmupEpochs', 'linear', undefined, (v) => v > 0, 'a number > 0');
    }
    return out;
  },
  create(config: JsonObject, context: KlScheduleContext): KlSchedule {
    const betaStart = config.betaStart as number;
    const betaTarget = config.betaTarget as number;
    const requested =
      typeof config.warmupSteps === 'number'
        ? config.warmupSteps
        : Math.max(1, Math.round((config.warmupEpochs as number) * context.stepsPerEpoch));
    const total = Math.max(1, context.totalSteps);
    const warnings: string[] = [];
    let warmupSteps = requested;
    if (requested > total) {
      warmupSteps = total;
      const asked = typeof config.warmupSteps === 'number' ? `${requested} steps` : `${String(config.warmupEpochs)} epochs (${requested} steps)`;
      warnings.push(
        `KL warm-up of ${asked} is longer than the run (${total} steps): shortened to ${total} steps so that β reaches ${betaTarget} at the last step`,
      );
    }
    return {
      kind: 'linear',
      warnings,
      betaAt(step: number): number {
        if (step >= warmupSteps) return betaTarget;
        return betaStart + ((betaTarget - betaStart) * Math.max(0, step)) / warmupSteps;
      },
      describe: () => ({ kind: 'linear', betaStart, betaTarget, warmupSteps, requestedWarmupSteps: requested }),
    };
  },
});
