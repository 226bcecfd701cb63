import { ConfigError, decoders, encoders, likelihoods, type JsonObject, type PluginRef } from '@vaekit/core';
import { fusions } from '../fusion/fusion.js';

/** One modality of a multimodal VAE: its width and its registered encoder, decoder and likelihood. */
export interface ModalitySpec {
  /** Name used in data, masks and API calls ('rna', 'protein', 'atac', …). */
  name: string;
  featureDim: number;
  /** Default `{ kind: 'mlp' }` (core's MLP encoder; e.g. `{ inputTransform: 'log1p' }` for counts). */
  encoder?: PluginRef;
  /** Default `{ kind: 'mlp' }`. */
  decoder?: PluginRef;
  /** E.g. `{ kind: 'nb' }` (RNA, library-size offset), `{ kind: 'nb-mixture' }` (protein), 'gaussian', 'bernoulli'. */
  likelihood: PluginRef;
  /** Feature names, kept with the model. */
  featureNames?: string[];
}

/** Everything that defines a multimodal VAE; `MultimodalVAE.create(config)` builds it. */
export interface MultimodalConfig {
  latentDim: number;
  /** The modalities, in a fixed order (the order of every mask's columns). */
  modalities: ModalitySpec[];
  /** Default `{ kind: 'poe' }`; `{ kind: 'mopoe' }` for the mixture of products. */
  fusion?: PluginRef;
  /** Seed of the initial weights. */
  seed?: number;
}

export type ResolvedModalitySpec = Required<Omit<ModalitySpec, 'featureNames'>> & { featureNames?: string[] };

export interface ResolvedConfig {
  latentDim: number;
  modalities: ResolvedModalitySpec[];
  fusion: PluginRef;
  seed: number;
}

/** Batch entries and path separators a modality may not be named after. */
const RESERVED = new Set(['x', 'covariates']);

/** Checks a config (ConfigError naming the problem) and fills in the defaults. */
export function resolveConfig(raw: MultimodalConfig): ResolvedConfig {
  const where = 'multimodal config';
  if (raw === null || typeof raw !== 'object') throw new ConfigError(`${where}: expected an object with latentDim and modalities`);
  if (!Number.isInteger(raw.latentDim) || raw.latentDim < 1) throw new ConfigError(`${where}: latentDim must be a positive integer, got ${String(raw.latentDim)}`);
  if (!Array.isArray(raw.modalities) || raw.modalities.length === 0) {
    throw new ConfigError(`${where}: modalities must be a non-empty array`, "e.g. [{ name: 'rna', featureDim: 2000, likelihood: { kind: 'nb' } }, { name: 'protein', featureDim: 49, likelihood: { kind: 'nb-mixture' } }]");
  }
  const names = new Set<string>();
  const modalities = raw.modalities.map((m): ResolvedModalitySpec => {
    if (!m || typeof m.name !== 'string' || !/^[A-Za-z0-9_-]+$/.test(m.name) || RESERVED.has(m.name)) {
      throw new ConfigError(`${where}: modality name ${JSON.stringify(m?.name)} is not allowed`, 'use letters, digits, "_" or "-", and not "x" or "covariates"');
    }
    if (names.has(m.name)) throw new ConfigError(`${where}: modality "${m.name}" appears twice`);
    names.add(m.name);
    if (!Number.isInteger(m.featureDim) || m.featureDim < 1) throw new ConfigError(`${where}: modality "${m.name}" featureDim must be a positive integer, got ${String(m.featureDim)}`);
    if (!m.likelihood?.kind) throw new ConfigError(`${where}: modality "${m.name}" needs likelihood.kind`, `one of: ${likelihoods.kinds().join(', ')}`);
    if (m.featureNames && m.featureNames.length !== m.featureDim) {
      throw new ConfigError(`${where}: modality "${m.name}" has ${m.featureNames.length} feature names for featureDim ${m.featureDim}`);
    }
    const encoder = m.encoder ?? { kind: 'mlp' };
    const decoder = m.decoder ?? { kind: 'mlp' };
    encoders.get(encoder.kind);
    decoders.get(decoder.kind);
    likelihoods.get(m.likelihood.kind);
    return { name: m.name, featureDim: m.featureDim, encoder, decoder, likelihood: m.likelihood, ...(m.featureNames ? { featureNames: [...m.featureNames] } : {}) };
  });
  const fusion = raw.fusion ?? { kind: 'poe' };
  fusions.get(fusion.kind);
  const seed = raw.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0) throw new ConfigError(`${where}: seed must be a non-negative integer, got ${String(raw.seed)}`);
  return { latentDim: raw.latentDim, modalities, fusion, seed };
}

/** The config as JSON (for model.json). */
export function configToJson(config: ResolvedConfig): JsonObject {
  return JSON.parse(JSON.stringify(config)) as JsonObject;
}
