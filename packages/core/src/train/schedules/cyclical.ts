import type { JsonObject } from '../../plugins/contracts.js';
import type { KlSchedule, KlScheduleContext, KlSchedulePlugin } from './kl-schedule.js';
import { klSchedules, numberOption, rejectUnknownKeys } from './kl-schedule.js';

/**
 * Cyclical KL annealing (Fu et al. 2019, "Cyclical Annealing Schedule"): the run's T steps are split
 * into M cycles of length T/M; within each cycle β rises linearly from betaStart to betaTarget over
 * the first fraction R of the cycle and stays at betaTarget for the rest.
 * `{ kind: 'cyclical', cycles: 4, ratio: 0.5, betaStart: 0, betaTarget: 1 }`.
 *
 * With 0-based t = step − 1, τ = (t − c·T/M)/(T/M) for cycle c = ⌊t·M/T⌋, and β = betaStart +
 * (betaTarget − betaStart)·τ/R while τ < R, betaTarget after — the schedule of the paper's
 * `frange_cycle_linear` (checked against it in the tests). With R < 1 every cycle, the last one
 * included, ends at betaTarget.
 */
export const cyclicalKlSchedule: KlSchedulePlugin = klSchedules.register({
  kind: 'cyclical',
  parseConfig(config: JsonObject): JsonObject {
    rejectUnknownKeys(config, 'cyclical', ['cycles', 'ratio', 'betaStart', 'betaTarget']);
    return {
      kind: 'cyclical',
      cycles: numberOption(config, 'cycles', 'cyclical', 4, (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1'),
      ratio: numberOption(config, 'ratio', 'cyclical', 0.5, (v) => v > 0 && v <= 1, 'in (0, 1]'),
      betaStart: numberOption(config, 'betaStart', 'cyclical', 0, (v) => v >= 0, 'a number >= 0'),
      betaTarget: numberOption(config, 'betaTarget', 'cyclical', 1, (v) => v >= 0, 'a number >= 0'),
    };
  },
  create(config: JsonObject, context: KlScheduleContext): KlSchedule {
    const cycles = config.cycles as number;
    const ratio = config.ratio as number;
    const betaStart = config.betaStart as number;
    const betaTarget = config.betaTarget as number;
    const total = Math.max(1, context.totalSteps);
    const period = total / cycles;
    const warnings: string[] = [];
    if (period < 2) {
      warnings.push(`cyclical KL schedule: ${cycles} cycles over ${total} steps leaves fewer than 2 steps per cycle; use fewer cycles`);
    }
    if (ratio === 1) {
      warnings.push('cyclical KL schedule with ratio 1 never holds β at the target; the last step is just below it');
    }
    return {
      kind: 'cyclical',
      warnings,
      betaAt(step: number): number {
        const t = Math.max(0, step - 1);
        // integer arithmetic for the cycle index, so boundaries fall exactly where t·M/T is whole
        const c = Math.min(cycles - 1, Math.floor((t * cycles) / total));
        const tau = (t * cycles - c * total) / total;
        if (tau >= ratio) return betaTarget;
        return betaStart + ((betaTarget - betaStart) * tau) / ratio;
      },
      describe: () => ({ kind: 'cyclical', cycles, ratio, betaStart, betaTarget, totalSteps: total }),
    };
  },
});
