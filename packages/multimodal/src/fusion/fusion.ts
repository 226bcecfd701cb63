import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { ConfigError, Registry, type DiagGaussian, type JsonObject, type Plugin, type PluginInstance } from '@vaekit/core';
import type { Expert, ProductOptions } from './experts.js';

/**
 * One ELBO term of a training batch: the posterior of the experts `use` selects, whose samples
 * reconstruct the modalities `reconstruct` selects, counted with a per-sample `weight`. A sample
 * that misses a modality has 0 in its column of all three masks, so it contributes only the terms
 * (and the reconstructions) it can.
 */
export interface ElboTerm {
  /** Reported as the term `elbo:<name>` (the same names every batch; terms of one name are summed). */
  name: string;
  /** Experts multiplied into this term's posterior, [B, M] (0/1). */
  use: Tensor;
  /** Weight of each sample's ELBO in the loss, [B]. */
  weight: Tensor;
  /** Modalities whose log-likelihood counts, [B, M] (0/1). */
  reconstruct: Tensor;
}

export interface FusionDims {
  /** The modalities, in the order of the experts and of every mask's columns. */
  modalities: readonly string[];
  latentDim: number;
}

/**
 * How a multimodal VAE combines its modalities' Gaussian experts: the posterior of a subset of
 * experts, the posterior used for inference from whatever is present, and the ELBO terms it trains.
 * A registered plugin, found by `kind` when a saved model is loaded.
 */
export interface Fusion extends PluginInstance {
  readonly modalities: readonly string[];
  readonly product: ProductOptions;
  /** q(z | the experts `use` selects): their precision-weighted product. `use` is [B, M]. */
  subsetPosterior(experts: readonly Expert[], use: Tensor): DiagGaussian;
  /** The posterior for inference (latent, imputation) from the experts `present` selects, [B, M]. */
  posterior(experts: readonly Expert[], present: Tensor): DiagGaussian;
  /** The ELBO terms of a training batch with presence mask [B, M]; `seed` draws any sampled subsets. */
  terms(present: Tensor, seed: number): ElboTerm[];
}

export type FusionPlugin = Plugin<Fusion, FusionDims>;

/** The fusion plugins; @vaekit/multimodal registers 'poe' and 'mopoe' when imported. */
export const fusions = new Registry<FusionPlugin>('fusion');

/** What every fusion's config shares: the prior expert and the log-variance bounds. */
export function parseProductOptions(raw: JsonObject, kind: string, defaults: ProductOptions): ProductOptions {
  const priorExpert = raw.priorExpert ?? defaults.priorExpert;
  if (typeof priorExpert !== 'boolean') throw new ConfigError(`${kind} fusion: priorExpert must be true or false, got ${JSON.stringify(raw.priorExpert)}`);
  const range = (raw.logVarRange ?? [...defaults.logVarRange]) as unknown;
  if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === 'number' && Number.isFinite(v)) || !(range[0] < range[1]) || range[0] < -30 || range[1] > 30) {
    throw new ConfigError(`${kind} fusion: logVarRange must be [min, max] with −30 ≤ min < max ≤ 30, got ${JSON.stringify(raw.logVarRange)}`, 'the default [-10, 10] keeps every precision finite in float32');
  }
  return { priorExpert, logVarRange: [range[0] as number, range[1] as number] };
}

/** Fusions hold no trainable variables. */
export abstract class StatelessFusion {
  variables(): Record<string, Variable> {
    return {};
  }
  dispose(): void {}
}
