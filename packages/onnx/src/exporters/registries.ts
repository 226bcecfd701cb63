import { Registry, type Decoder, type Encoder, type Likelihood, type Prior, type Registered } from '@vaekit/core';
import { ConfigError } from '@vaekit/core/errors';
import type { Dim, GraphBuilder } from '../graph/graph-builder.js';
import type { InputDomain, ManifestPrior } from '../runtime/manifest.js';
import type { ExportOptions } from './export-options.js';
import type { ModelExport, RandomSpec } from './network.js';
import type { NetworkInputs } from './network-inputs.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Distribution } from '@vaekit/core';

/** Exports one kind of model (the `kind` its toConfig() writes, e.g. 'vae') to networks + manifest fields. */
export interface ModelExporter extends Registered {
  readonly kind: string;
  export(model: unknown, options: ExportOptions): ModelExport;
}

/**
 * Lowers one encoder plugin kind: declares the inputs it reads through `inputs`, returns the values
 * of mean and logvar — [batch, latent], or `shape` when it differs (a posterior per time step:
 * ['batch', 'time', latent]).
 */
export interface EncoderLowering extends Registered {
  readonly kind: string;
  lower(encoder: Encoder, g: GraphBuilder, inputs: NetworkInputs): { mean: string; logvar: string; shape?: Dim[] };
}

/** Lowers one decoder plugin kind: reads z (and covariates) through `inputs`, returns every head the likelihood declared (activation applied), by head name. */
export interface DecoderLowering extends Registered {
  readonly kind: string;
  lower(decoder: Decoder, g: GraphBuilder, inputs: NetworkInputs): Record<string, string>;
}

/** A decoder output a likelihood lowering adds. */
export interface LikelihoodOutput {
  name: string;
  value: string;
  /** Size of the last axis: the output is [...the latent input's leading dims, size]; `shape` instead for anything else. */
  size?: number;
  shape?: (number | string)[];
  description: string;
}

/** Lowers one likelihood kind: from the decoder's heads to the distribution's parameters as graph outputs. */
export interface LikelihoodLowering extends Registered {
  readonly kind: string;
  /** What the encoder input holds for this likelihood (validation and random test inputs). */
  inputDomain(likelihood: Likelihood): InputDomain;
  /** How the parity check draws encoder inputs, when not as inputDomain says (e.g. mixed column groups). */
  featureRandom?(likelihood: Likelihood): RandomSpec;
  /** Whether the decoder takes each row's library size (total counts). */
  usesLibrary(likelihood: Likelihood): boolean;
  lower(likelihood: Likelihood, g: GraphBuilder, heads: Record<string, string>, inputs: NetworkInputs): LikelihoodOutput[];
  /** The same outputs from the TensorFlow.js distribution (for the parity check), by output name. */
  reference(likelihood: Likelihood, distribution: Distribution, heads: Record<string, Tensor>): Record<string, Tensor>;
}

/** Writes one prior kind's parameters into the manifest (so the runtime can sample it). */
export interface PriorExport extends Registered {
  readonly kind: string;
  export(prior: Prior): ManifestPrior;
}

export const modelExporters = new Registry<ModelExporter>('model exporter');
export const encoderLowerings = new Registry<EncoderLowering>('encoder lowering');
export const decoderLowerings = new Registry<DecoderLowering>('decoder lowering');
export const likelihoodLowerings = new Registry<LikelihoodLowering>('likelihood lowering');
export const priorExports = new Registry<PriorExport>('prior export');

/** `registry.get(kind)` with an error that says what to register for ONNX export. */
export function lowering<P extends Registered>(registry: Registry<P>, registryName: string, what: string, kind: string): P {
  if (registry.has(kind)) return registry.get(kind);
  throw new ConfigError(
    `ONNX export: no ${registry.what} for the ${what} kind "${kind}" (known: ${registry.kinds().join(', ') || 'none'})`,
    `register one with ${registryName}.register({ kind: '${kind}', … }) from @vaekit/onnx (or import the package that provides it) before exporting`,
  );
}
