export { ScviModel } from './scvi-model.js';
export type { ScviTrainOptions } from './scvi-model.js';
export { resolveScviOptions } from './options.js';
export type { ScviOptions, ResolvedScviOptions } from './options.js';
export { AnomalyDetector, pearsonResidualScores } from './anomaly.js';
export type { AnomalyScores } from './anomaly.js';
