export { simulateCounts } from './nb-counts.js';
export type { SimulateCountsOptions, SimulatedCounts } from './nb-counts.js';
