/** @vaekit/omics — single-cell RNA-seq on vaekit. Importing it registers its readers. */
export * from './matrix/index.js';
export * from './io/index.js';
export * from './metrics/index.js';
export * from './preprocess/index.js';
export * from './model/index.js';
