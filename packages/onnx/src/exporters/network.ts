import type { Tensor } from '@tensorflow/tfjs-core';
import type { GraphBuilder, ValueSpec } from '../graph/graph-builder.js';
import type { InputDomain, InputRole, ManifestCovariate, ManifestPrior } from '../runtime/manifest.js';

/** How the parity check draws random values for an input. */
export type RandomSpec =
  | { kind: 'normal'; scale?: number }
  /** Count rows with varied totals (library sizes from ~10 to ~10⁴). */
  | { kind: 'counts' }
  /** Per covariate: a random one-hot block of `levels` columns, or one normal column for a continuous covariate. */
  | { kind: 'covariates'; blocks: ({ levels: number } | { continuous: true })[] }
  | { kind: 'uniform'; low: number; high: number }
  /** Integers in [low, high) (class codes, token ids; 0/1 for binary data). */
  | { kind: 'integers'; low: number; high: number };

/** A graph input with its meaning (role) and how to draw test values for it. */
export interface NetworkInput extends ValueSpec {
  role: InputRole;
  random: RandomSpec;
  description?: string;
  /** For a library input of one column group (composite likelihoods): the group's name and its feature columns [start, end). */
  group?: string;
  columns?: [number, number];
}

/** A graph output with what it means. */
export interface NetworkOutput extends ValueSpec {
  description?: string;
}

/** One network of an export, ready for the parity check and for writing. */
export interface ExportedNetwork {
  /** 'encoder', 'decoder', or an extra network a plugin declares; the file is `<name>.onnx`. */
  name: string;
  graph: GraphBuilder;
  inputs: NetworkInput[];
  outputs: NetworkOutput[];
  /**
   * The TensorFlow.js model's value of every output for the given inputs (tensors by input name):
   * the reference the ONNX graph must match. Runs inside a tidy; return tensors.
   */
  reference(feeds: Record<string, Tensor>): Record<string, Tensor>;
  /** Sizes of symbolic dimensions other than 'batch' for the parity check's random inputs (e.g. { time: 7 }). */
  symbolicSizes?: Record<string, number>;
}

/** What a model exporter returns: the networks and the manifest fields that describe the model. */
export interface ModelExport {
  modelKind: string;
  networks: ExportedNetwork[];
  latentDim: number;
  featureDim: number;
  featureNames: string[] | null;
  /** Token vocabulary of sequence models (SMILES characters, …), in id order. */
  vocabulary?: string[];
  covariates: ManifestCovariate[];
  likelihood: { kind: string; outputs: { name: string; description: string }[]; config: Record<string, unknown> };
  preprocessing: { inputTransform: string; library: 'observed-total' | null; inputDomain: InputDomain };
  prior: ManifestPrior;
}
