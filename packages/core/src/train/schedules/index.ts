export { klSchedules, createKlSchedule } from './kl-schedule.js';
export type { KlSchedule, KlScheduleConfig, KlScheduleContext, KlSchedulePlugin } from './kl-schedule.js';
export { constantKlSchedule } from './constant.js';
export { linearKlSchedule } from './linear-warmup.js';
export { cyclicalKlSchedule } from './cyclical.js';
