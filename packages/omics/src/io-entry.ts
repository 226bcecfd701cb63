/**
 * `@vaekit/omics/io` — the parts of @vaekit/omics that do not load TensorFlow.js: count-file readers
 * and writers, the sparse count matrices, and gene alignment of query data to a model's genes.
 * For servers that run exported models without tfjs (apps/demo).
 */
export * from './io/index.js';
export { CsrMatrix, allocIndptr } from './matrix/csr-matrix.js';
export type { Indptr } from './matrix/csr-matrix.js';
export { checkCountMatrix, takeAnnotations, subsetCounts } from './matrix/count-matrix.js';
export type { AnnotationColumn, Annotations, DenseMatrix, CountMatrix } from './matrix/count-matrix.js';
export { validateCounts } from './matrix/validate-counts.js';
export { alignGenes } from './preprocess/align-genes.js';
export type { AlignGenesOptions, AlignGenesResult } from './preprocess/align-genes.js';
