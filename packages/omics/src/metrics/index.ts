/**
 * Single-cell integration metrics as scib computes them: cell-type and batch ASW, iLISI / cLISI,
 * kBET acceptance, graph connectivity, and Louvain clustering of the k-NN graph. Inputs are plain typed arrays (an embedding as core's
 * `Points`, integer batch and cell-type codes); a k-NN graph from core's `knnGraph` can be shared.
 */
export { labelAsw } from './label-asw.js';
export { batchAsw } from './batch-asw.js';
export type { BatchAswResult, LabelBatchAsw } from './batch-asw.js';
export { lisi } from './lisi.js';
export type { LisiOptions } from './lisi.js';
export { iLisi, cLisi } from './integration-lisi.js';
export type { ScaledLisiOptions } from './integration-lisi.js';
export { kbet, defaultKbetK } from './kbet.js';
export type { KbetOptions, KbetResult } from './kbet.js';
export { kbetPerLabel } from './kbet-per-label.js';
export type { KbetPerLabelOptions, KbetPerLabelResult, LabelKbet } from './kbet-per-label.js';
export { graphConnectivity } from './graph-connectivity.js';
export type { GraphConnectivityOptions, GraphConnectivityResult } from './graph-connectivity.js';
export { chiSquareSurvival } from './chi-square.js';
export type { EmbeddingOrGraph } from './neighbourhoods.js';
export { louvain } from './louvain.js';
export type { LouvainOptions, LouvainResult } from './louvain.js';
export { modularity } from './modularity.js';
export { knnAdjacency } from './weighted-graph.js';
export type { WeightedGraph } from './weighted-graph.js';
