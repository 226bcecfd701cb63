/** Evaluation metrics on plain typed arrays: clustering agreement, silhouette, k-NN graphs, correlations. */
export { asPoints } from './points.js';
export type { Points } from './points.js';
export { encodeLabels } from './labels.js';
export type { EncodedLabels } from './labels.js';
export { knnGraph, truncateKnnGraph } from './knn-graph.js';
export type { KnnGraph } from './knn-graph.js';
export { kmeans } from './kmeans.js';
export type { KMeansOptions, KMeansResult } from './kmeans.js';
export { adjustedRandIndex } from './adjusted-rand-index.js';
export { normalizedMutualInfo } from './normalized-mutual-info.js';
export { silhouetteSamples, silhouetteScore } from './silhouette.js';
export { pearson, spearman, averageRanks } from './correlation.js';
export { r2Score } from './r2-score.js';
export { symmetricEigen } from './symmetric-eigen.js';
