export type { Batch, DataSource } from './batch.js';
export { ArraySource } from './array-source.js';
export type { ArraySourceInit, ExtraArray } from './array-source.js';
export { SubsetSource } from './subset-source.js';
export { splitIndices, trainValidationSplit } from './split.js';
export type { SplitIndices } from './split.js';
