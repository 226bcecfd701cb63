/**
 * @vaekit/demo — a Fastify server and a web page for exported vaekit models, run with
 * onnxruntime-node only (no TensorFlow.js): list models, embed uploaded cells (map, clusters,
 * anomaly scores, latent CSV), sample from the prior, reconstruct inputs.
 */
export { startServer, buildApp, PUBLIC_DIR } from './server.js';
export type { DemoServer } from './server.js';
export { resolveDemoOptions } from './options.js';
export type { DemoServerOptions, ResolvedDemoOptions } from './options.js';
export { calibrationFromScores, calibrateScores, pearsonResidualScores, readCalibration } from './analysis/anomaly.js';
export type { AnomalyCalibration, AnomalyResult } from './analysis/anomaly.js';
export type { AnalysisResponse } from './analysis/analyze.js';
export type { ModelSummary } from './models/model-summary.js';
export { EXAMPLE_FILES } from './models/model-store.js';
