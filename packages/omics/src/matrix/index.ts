/** Sparse count matrices, the AnnData-like CountMatrix, count validation and the CountSource. */
export { CsrMatrix, allocIndptr } from './csr-matrix.js';
export type { Indptr } from './csr-matrix.js';
export { rowSums, rowNonZeros, columnStats } from './stats.js';
export type { ColumnStats } from './stats.js';
export { checkCountMatrix, takeAnnotations, subsetCounts } from './count-matrix.js';
export type { AnnotationColumn, Annotations, DenseMatrix, CountMatrix } from './count-matrix.js';
export { makeUnique } from './make-unique.js';
export { validateCounts } from './validate-counts.js';
export type { CountLabels } from './validate-counts.js';
export { encodeCovariates } from './covariates.js';
export type { CovariateBlock, EncodedCovariates } from './covariates.js';
export { CountSource } from './count-source.js';
export type { CountSourceOptions } from './count-source.js';
