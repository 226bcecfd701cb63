/**
 * The plugin contracts of vaekit. Small on purpose: a likelihood, a prior, an encoder and a
 * decoder are *instances* created by a registered plugin from a JSON config, own their trainable
 * variables, and can be re-created from that config when a saved model is loaded.
 *
 * Shapes are batch-first. Sequence models add a time axis after the batch axis ([B, T, ...]);
 * every contract below is written so that it serves both.
 */
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Distribution } from '../distributions/distribution.js';
import type { DiagGaussian } from '../distributions/diag-gaussian.js';
import type { Registered } from './registry.js';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Something that owns trainable variables, named so that persistence can find them again. */
export interface Module {
  /** Every trainable variable, by a name that is stable across save/load. */
  variables(): Record<string, Variable>;
  /** Frees the variables. */
  dispose(): void;
}

/** What every plugin instance has: its kind (the registry key) and the config that re-creates it. */
export interface PluginInstance extends Module {
  readonly kind: string;
  /** JSON-serialisable config; `plugin.create(config, dims)` rebuilds an identical instance. */
  readonly config: JsonObject;
}

/** A registered factory for instances of one kind. */
export interface Plugin<I extends PluginInstance, D> extends Registered {
  /** Checks and completes a config (defaults filled in); throws ConfigError on invalid values. */
  parseConfig(config: JsonObject): JsonObject;
  /** Creates an instance. `seed` makes the initial weights reproducible. */
  create(config: JsonObject, dims: D, seed?: number): I;
}

/** Output activations a decoder head can apply. Registered in `nn/activations.ts`. */
export type ActivationName = string;

/** A decoder output the likelihood needs, e.g. NB `mu` logits [B, G] or ZINB `gate` [B, G]. */
export interface HeadSpec {
  name: string;
  /** Size of the head's last axis. */
  size: number;
  /** Applied to the head output ('linear', 'softmax', 'softplus', 'sigmoid', 'exp', 'tanh', …). */
  activation: ActivationName;
}

/** A covariate column block in the one-hot/continuous covariate matrix. */
export interface CovariateSpec {
  name: string;
  /** 'categorical' covariates occupy `levels.length` one-hot columns; 'continuous' ones a single column. */
  type: 'categorical' | 'continuous';
  levels?: string[];
}

/** Number of covariate matrix columns for a list of covariates. */
export function covariateWidth(specs: readonly CovariateSpec[]): number {
  return specs.reduce((n, s) => n + (s.type === 'categorical' ? (s.levels?.length ?? 0) : 1), 0);
}

// ---------------------------------------------------------------------------------------------
// Likelihood p(x | decoder output)
// ---------------------------------------------------------------------------------------------

/** Everything besides the decoder heads that a likelihood may condition on. */
export interface LikelihoodContext {
  /** log library size per sample, [B, 1] (count likelihoods with an offset). */
  logLibrarySize?: Tensor;
  /** Covariate matrix [B, C] (one-hot categorical + continuous columns). */
  covariates?: Tensor;
  /** Extra per-sample context a plugin defines (namespaced by composite likelihoods). */
  [key: string]: Tensor | undefined;
}

export interface LikelihoodDims {
  featureDim: number;
  covariates: readonly CovariateSpec[];
  /** Variable-name prefix (default 'likelihood'); composites give each part its own. */
  name?: string;
}

export interface Likelihood extends PluginInstance {
  readonly featureDim: number;
  /** The heads the decoder must produce. */
  heads(): HeadSpec[];
  /**
   * What this likelihood reads from the observed data itself (for example the library size of
   * each sample), merged into the context before `distribution`. Optional.
   */
  observe?(x: Tensor): LikelihoodContext;
  /** p(x | heads, ctx). The distribution's logProb sums over features → [B] (or [B, T]). */
  distribution(heads: Record<string, Tensor>, ctx: LikelihoodContext): Distribution;
  /** Throws InputError when x is not in the likelihood's support (NaN, negative counts, …). */
  validate(x: ArrayLike<number> | Tensor, where?: string): void;
}

export type LikelihoodPlugin = Plugin<Likelihood, LikelihoodDims>;

// ---------------------------------------------------------------------------------------------
// Prior p(z), p(z | c), p(z_t | z_{t-1})
// ---------------------------------------------------------------------------------------------

export interface PriorDims {
  latentDim: number;
  /** Width of the condition matrix (covariates) for conditional priors; 0 when unconditional. */
  condDim: number;
}

export interface Prior extends PluginInstance {
  readonly latentDim: number;
  /** True when `klPerDim` is the closed form; false when it is a Monte-Carlo estimate from z. */
  readonly analyticKL: boolean;
  /**
   * KL(q ‖ p) per latent dimension: [B, D] (or [B, T, D] for sequences). Analytic where it exists;
   * otherwise the single-sample Monte-Carlo estimate log q(z) − log p(z), with `z` drawn from q.
   */
  klPerDim(q: DiagGaussian, z: Tensor, cond?: Tensor): Tensor;
  /** log p(z | cond), summed over latent dims → [B] (or [B, T] summed over D only). */
  logProb(z: Tensor, cond?: Tensor): Tensor;
  /** n draws [n, D]. */
  sample(n: number, cond?: Tensor, seed?: number): Tensor;
}

export type PriorPlugin = Plugin<Prior, PriorDims>;

// ---------------------------------------------------------------------------------------------
// Encoder q(z | x, c) and decoder
// ---------------------------------------------------------------------------------------------

export interface RunContext {
  /** Covariate matrix [B, C] (or [B, T, C]). */
  covariates?: Tensor;
  /** Dropout and other train-only behaviour on. */
  training?: boolean;
  /** Seed for the stochastic parts of this call (dropout). */
  seed?: number;
}

export interface EncoderDims {
  inputDim: number;
  latentDim: number;
  covariateDim: number;
}

export interface Encoder extends PluginInstance {
  readonly inputDim: number;
  readonly latentDim: number;
  /** q(z | x, c): a diagonal Gaussian [B, D] (or one per time step [B, T, D]). */
  encode(x: Tensor, ctx?: RunContext): DiagGaussian;
}

export type EncoderPlugin = Plugin<Encoder, EncoderDims>;

export interface DecodeContext extends RunContext {
  /**
   * Teacher forcing for autoregressive decoders: the observed sequence, which the decoder reads
   * shifted by one step. Ignored by decoders that are not autoregressive.
   */
  target?: Tensor;
}

export interface DecoderDims {
  latentDim: number;
  covariateDim: number;
  heads: readonly HeadSpec[];
}

export interface Decoder extends PluginInstance {
  readonly latentDim: number;
  /** Maps z (+ covariates) to every head the likelihood declared, activations applied. */
  decode(z: Tensor, ctx?: DecodeContext): Record<string, Tensor>;
}

export type DecoderPlugin = Plugin<Decoder, DecoderDims>;
