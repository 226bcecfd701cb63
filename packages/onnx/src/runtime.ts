/**
 * @vaekit/onnx/runtime — run exported models with onnxruntime-node. Loads no TensorFlow.js (it
 * imports only tfjs-free subpaths of @vaekit/core), so a server can use it on its own.
 */
export { OnnxVae } from './runtime/onnx-vae.js';
export type { LibrarySizes, OnnxVaeOptions } from './runtime/onnx-vae.js';
export { readManifest, sha256 } from './runtime/read-manifest.js';
export { createSession } from './runtime/session.js';
export type { ExecutionProvider, SessionOptions } from './runtime/session.js';
export { alignColumns } from './runtime/align.js';
export type { AlignOptions } from './runtime/align.js';
export { encodeCovariates, covariateWidth } from './runtime/covariates.js';
export type { CovariateValues } from './runtime/covariates.js';
export { priorSamplers } from './runtime/priors.js';
export type { PriorSampler } from './runtime/priors.js';
export { Rng } from './runtime/rng.js';
export type { Matrix } from './runtime/matrix.js';
export { MANIFEST_FILE, MANIFEST_FORMAT, MANIFEST_VERSION } from './runtime/manifest.js';
export type {
  InputDomain,
  InputRole,
  ManifestCovariate,
  ManifestDim,
  ManifestNetwork,
  ManifestPrior,
  ManifestValue,
  OnnxManifest,
} from './runtime/manifest.js';
