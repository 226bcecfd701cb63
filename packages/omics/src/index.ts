/** @vaekit/omics — single-cell RNA-seq on vaekit. */
export * from './metrics/index.js';
