import type { JsonObject } from '../../plugins/contracts.js';
import type { KlSchedule, KlSchedulePlugin } from './kl-schedule.js';
import { klSchedules, numberOption, rejectUnknownKeys } from './kl-schedule.js';

/** β fixed for the whole run: `{ kind: 'constant', beta: 1 }` (the default schedule). */
export const constantKlSchedule: KlSchedulePlugin = klSchedules.register({
  kind: 'constant',
  parseConfig(config: JsonObject): JsonObject {
    rejectUnknownKeys(config, 'constant', ['beta']);
    const beta = numberOption(config, 'beta', 'constant', 1, (v) => v >= 0, 'a number >= 0');
    return { kind: 'constant', beta };
  },
  create(config: JsonObject): KlSchedule {
    const beta = config.beta as number;
    return {
      kind: 'constant',
      warnings: [],
      betaAt: () => beta,
      describe: () => ({ kind: 'constant', beta }),
    };
  },
});
