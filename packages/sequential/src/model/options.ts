import { ConfigError, likelihoods, type JsonObject, type PluginRef } from '@vaekit/core';

/** What the user gives to build a model; everything but `neurons` has a default. */
export interface SequentialVaeOptions {
  /** Number of neurons (observed channels) the decoder predicts. */
  neurons: number;
  /** Latent dimensions per step; default 8. */
  latentDim?: number;
  /** Observation likelihood from core's registry; default `{ kind: 'poisson' }` (log-rate readout, no library offset). */
  likelihood?: PluginRef;
  /** Posterior encoder; default `{ kind: 'bigru', config: { units: 64 } }`. */
  encoder?: PluginRef;
  /** Observation readout; default `{ kind: 'readout', config: { factors } }`. */
  decoder?: PluginRef;
  /** Markov prior; default `{ kind: 'markov-gaussian', config: { transition } }`. */
  prior?: PluginRef;
  /** Shorthand for the prior's transition plugin; default `{ kind: 'mlp', config: { hidden: [64] } }`. */
  transition?: PluginRef;
  /** Width of a linear factor layer in the readout; default 0 (none). */
  factors?: number;
  /** Neurons the encoder sees (indices); the rest are predicted only (co-smoothing). Default: all. */
  heldInNeurons?: number[];
  /** Names of the task covariates c_t fed to the decoder (and encoder); default none. */
  covariates?: string[];
  /** Coordinated dropout rate in [0, 1): input entries masked in training and scored only where masked; default 0. */
  coordinatedDropout?: number;
  /** L2 penalty on the recurrent weights (encoder GRUs' recurrent kernels, transition weights): scale · Σ w²; default 0. */
  l2Recurrent?: number;
  /** Neuron names, kept with the model. */
  neuronIds?: string[];
  /** Bin width in seconds, kept with the model. */
  binSize?: number;
  /** Seed of the initial weights; default 0. */
  seed?: number;
}

/** The complete model definition written to model.json (kind 'sequential-vae'). */
export interface SequentialVaeConfig {
  neurons: number;
  latentDim: number;
  likelihood: PluginRef;
  encoder: PluginRef;
  decoder: PluginRef;
  prior: PluginRef;
  heldInNeurons: number[];
  covariates: string[];
  coordinatedDropout: number;
  l2Recurrent: number;
  neuronIds?: string[];
  binSize?: number;
  seed: number;
}

const positiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** Fills defaults and checks every field (ConfigError naming the bad one). */
export function resolveOptions(o: SequentialVaeOptions | SequentialVaeConfig): SequentialVaeConfig {
  const where = 'sequential VAE';
  if (!positiveInt(o.neurons)) throw new ConfigError(`${where}: neurons must be a positive integer, got ${String(o.neurons)}`);
  const latentDim = o.latentDim ?? 8;
  if (!positiveInt(latentDim)) throw new ConfigError(`${where}: latentDim must be a positive integer, got ${String(latentDim)}`);
  const likelihood = o.likelihood ?? { kind: 'poisson' };
  const likelihoodConfig: JsonObject = { ...(likelihood.config ?? {}) };
  // spike counts per bin have no library size: a count likelihood's readout is the log-rate itself
  if ('libraryOffset' in likelihoods.get(likelihood.kind).parseConfig({}) && likelihoodConfig.libraryOffset === undefined) likelihoodConfig.libraryOffset = false;
  const opts = o as SequentialVaeOptions;
  const factors = opts.factors ?? 0;
  if (!(Number.isInteger(factors) && factors >= 0)) throw new ConfigError(`${where}: factors must be a non-negative integer, got ${String(factors)}`);
  const prior = o.prior ?? { kind: 'markov-gaussian', config: { transition: (opts.transition ?? { kind: 'mlp', config: { hidden: [64] } }) as unknown as JsonObject } };
  const heldIn = o.heldInNeurons ?? Array.from({ length: o.neurons }, (_, i) => i);
  const seen = new Set<number>();
  for (const i of heldIn) {
    if (!(Number.isInteger(i) && i >= 0 && i < o.neurons)) throw new ConfigError(`${where}: heldInNeurons has ${i}, not a neuron index in [0, ${o.neurons})`);
    if (seen.has(i)) throw new ConfigError(`${where}: heldInNeurons lists neuron ${i} twice`);
    seen.add(i);
  }
  if (heldIn.length === 0) throw new ConfigError(`${where}: heldInNeurons is empty`, 'the encoder needs at least one neuron');
  const covariates = Array.isArray(o.covariates) ? o.covariates.map(String) : [];
  const cd = o.coordinatedDropout ?? 0;
  if (!(typeof cd === 'number' && cd >= 0 && cd < 1)) throw new ConfigError(`${where}: coordinatedDropout must be in [0, 1), got ${String(cd)}`);
  const l2 = o.l2Recurrent ?? 0;
  if (!(typeof l2 === 'number' && l2 >= 0 && Number.isFinite(l2))) throw new ConfigError(`${where}: l2Recurrent must be a number ≥ 0, got ${String(l2)}`);
  if (o.neuronIds && o.neuronIds.length !== o.neurons) throw new ConfigError(`${where}: ${o.neuronIds.length} neuron ids for ${o.neurons} neurons`);
  return {
    neurons: o.neurons,
    latentDim,
    likelihood: { kind: likelihood.kind, config: likelihoodConfig },
    encoder: o.encoder ?? { kind: 'bigru', config: { units: 64 } },
    decoder: o.decoder ?? { kind: 'readout', config: { factors } },
    prior,
    heldInNeurons: [...heldIn],
    covariates,
    coordinatedDropout: cd,
    l2Recurrent: l2,
    ...(o.neuronIds ? { neuronIds: [...o.neuronIds] } : {}),
    ...(o.binSize !== undefined ? { binSize: o.binSize } : {}),
    seed: o.seed ?? 0,
  };
}
