/**
 * manifest.json of an exported model directory: what each ONNX network takes and gives, how to
 * prepare inputs, the likelihood and prior, feature names, and the sha256 of every file.
 * Versioned: a reader refuses a formatVersion it does not know.
 */
export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'vaekit-onnx';
export const MANIFEST_VERSION = 1;

/** A dimension: a size or a symbolic name ('batch' for the rows, 'time' for sequence steps). */
export type ManifestDim = number | string;

/**
 * What a graph input means, so a runner knows what to feed: the observed `features` (raw, before
 * the input transform, which is inside the graph), one-hot `covariates`, the `latent` z, the
 * `library` size (total counts per row). Plugin networks may declare other roles.
 */
export type InputRole = 'features' | 'covariates' | 'latent' | 'library' | (string & {});

export interface ManifestValue {
  name: string;
  dtype: 'float32' | 'int32' | 'int64';
  /** Batch first and symbolic ('batch'). */
  shape: ManifestDim[];
  role?: InputRole;
  description?: string;
  /** A `library` input of one column group (composite likelihoods): the group and the feature columns [start, end) whose total it is. */
  group?: string;
  columns?: [number, number];
}

export interface ManifestNetwork {
  file: string;
  inputs: ManifestValue[];
  outputs: ManifestValue[];
}

export type ManifestCovariate = { name: string; type: 'categorical'; categories: string[] } | { name: string; type: 'continuous' };

/** The prior p(z) as data, so a runner can sample without the training code. */
export type ManifestPrior =
  | { kind: 'standard-normal' }
  | { kind: 'conditional-gaussian'; means: number[][]; logScales: number[][]; logScaleClip: [number, number] }
  | { kind: 'mixture-of-gaussians'; logits: number[]; means: number[][]; logScales: number[][] }
  | { kind: string; [key: string]: unknown };

/** What the encoder input holds: raw counts (non-negative integers), real values, 0/1, or class codes. */
export type InputDomain = 'counts' | 'real' | 'binary' | 'categorical';

export interface OnnxManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: typeof MANIFEST_VERSION;
  name: string;
  /** The exporter that wrote it ('vae', or a kind another package registered). */
  modelKind: string;
  irVersion: number;
  opset: number;
  createdAt: string;
  producer: { name: string; version: string };
  latentDim: number;
  featureDim: number;
  likelihood: { kind: string; outputs: { name: string; description: string }[]; config: Record<string, unknown> };
  preprocessing: {
    /** Applied INSIDE encoder.onnx: feed raw features. Recorded for documentation. */
    inputTransform: string;
    /** 'observed-total': the decoder's `library` input is each row's total count (at least 1). */
    library: 'observed-total' | null;
    inputDomain: InputDomain;
  };
  prior: ManifestPrior;
  /** Names of the encoder's input columns (genes, neurons), in order; null when the model has none. */
  featureNames: string[] | null;
  /** Token vocabulary in id order, for sequence models whose exporter declares one. */
  vocabulary?: string[];
  /** Covariates in the column order of the one-hot `covariates` input. */
  covariates: ManifestCovariate[];
  networks: Record<string, ManifestNetwork>;
  /** Every file of the export (relative path → sha256 hex and size), checked by readManifest. */
  files: Record<string, { sha256: string; bytes: number }>;
  /** The export-time check against the TensorFlow.js model: max |onnx − tfjs| / max(1, |tfjs|) per network and output. */
  parity: { tolerance: number; samples: number; maxError: Record<string, Record<string, number>> };
  /** Triton model repository written with the export, if any: its folder (relative when inside the export) and model names. */
  triton?: { dir: string; models: Record<string, string>; maxBatchSize: number };
  metadata: Record<string, unknown>;
}
