import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch.js';
import { DiagGaussian } from '../distributions/diag-gaussian.js';
import type { Distribution } from '../distributions/distribution.js';
import { ConfigError, InputError } from '../errors.js';
import { deriveSeed } from '../nn/params.js';
import {
  covariateWidth,
  type CovariateSpec,
  type Decoder,
  type Encoder,
  type JsonObject,
  type Likelihood,
  type LikelihoodContext,
  type Prior,
} from '../plugins/contracts.js';
import { decoders, encoders, likelihoods, priors } from '../plugins/registries.js';
import type { LossOptions, LossOutput, Trainable } from '../train/trainable.js';
import { assertFinite, assertWidth } from './checks.js';
import { repeatRows } from './repeat-rows.js';

/** A plugin named by kind with its config, as stored in model.json. */
export interface PluginRef {
  kind: string;
  config?: JsonObject;
}

/** Everything that defines a VAE; `VAE.create(config)` builds it, `vae.toConfig()` returns it. */
export interface VaeConfig {
  featureDim: number;
  latentDim: number;
  encoder?: PluginRef;
  decoder?: PluginRef;
  likelihood: PluginRef;
  prior?: PluginRef;
  /** Covariates (batch, condition…) as columns of Batch.covariates, one-hot for categorical ones. */
  covariates?: CovariateSpec[];
  /** Feature names (genes…), kept with the model so query data can be matched by name. */
  featureNames?: string[];
  /** Seed of the initial weights. */
  seed?: number;
}

export type ElboOptions = Partial<LossOptions>;

/** The terms of the (negative) ELBO for a batch; all means over the batch. */
export interface ElboOutput {
  /** −reconstruction + β · KL (after free bits): what training minimises. */
  loss: Scalar;
  /** E_q[log p(x | z)]. */
  reconstruction: Scalar;
  /** KL(q(z|x) ‖ p(z)), summed over latent dims (without free bits). */
  kl: Scalar;
  /** Mean KL per latent dim [D]. */
  klPerDim: Tensor;
}

interface Resolved {
  encoder: Encoder;
  decoder: Decoder;
  likelihood: Likelihood;
  prior: Prior;
}

/**
 * The variational autoencoder: composes a registered encoder, decoder, likelihood and prior.
 * Pure math plus the user-facing inference calls; training lives in `train()`.
 */
export class VAE implements Trainable {
  readonly encoder: Encoder;
  readonly decoder: Decoder;
  readonly likelihood: Likelihood;
  readonly prior: Prior;
  readonly config: Required<Omit<VaeConfig, 'featureNames'>> & { featureNames?: string[] };
  readonly covariateDim: number;

  private constructor(config: VAE['config'], parts: Resolved) {
    this.config = config;
    this.encoder = parts.encoder;
    this.decoder = parts.decoder;
    this.likelihood = parts.likelihood;
    this.prior = parts.prior;
    this.covariateDim = covariateWidth(config.covariates);
  }

  /** Builds a VAE from plugin kinds and configs (validated; defaults filled in). */
  static create(raw: VaeConfig): VAE {
    const config = normaliseConfig(raw);
    const covariateDim = covariateWidth(config.covariates);
    const seed = config.seed;
    const lPlugin = likelihoods.get(config.likelihood.kind);
    const likelihood = lPlugin.create(lPlugin.parseConfig(config.likelihood.config ?? {}), { featureDim: config.featureDim, covariates: config.covariates }, deriveSeed(seed, 'likelihood'));
    const ePlugin = encoders.get(config.encoder.kind);
    const pPlugin = priors.get(config.prior.kind);
    const dPlugin = decoders.get(config.decoder.kind);
    const parts: Resolved = {
      likelihood,
      encoder: ePlugin.create(ePlugin.parseConfig(config.encoder.config ?? {}), { inputDim: config.featureDim, latentDim: config.latentDim, covariateDim }, deriveSeed(seed, 'encoder')),
      decoder: dPlugin.create(dPlugin.parseConfig(config.decoder.config ?? {}), { latentDim: config.latentDim, covariateDim, heads: likelihood.heads() }, deriveSeed(seed, 'decoder')),
      prior: pPlugin.create(pPlugin.parseConfig(config.prior.config ?? {}), { latentDim: config.latentDim, condDim: covariateDim }, deriveSeed(seed, 'prior')),
    };
    // Store the completed configs, so model.json records every default that was used.
    config.likelihood = { kind: likelihood.kind, config: likelihood.config };
    config.encoder = { kind: parts.encoder.kind, config: parts.encoder.config };
    config.decoder = { kind: parts.decoder.kind, config: parts.decoder.config };
    config.prior = { kind: parts.prior.kind, config: parts.prior.config };
    return new VAE(config, parts);
  }

  get featureDim(): number {
    return this.config.featureDim;
  }
  get latentDim(): number {
    return this.config.latentDim;
  }

  toConfig(): JsonObject {
    return { kind: 'vae', ...(JSON.parse(JSON.stringify(this.config)) as JsonObject) };
  }

  variables(): Record<string, Variable> {
    return { ...this.encoder.variables(), ...this.decoder.variables(), ...this.likelihood.variables(), ...this.prior.variables() };
  }

  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
    this.likelihood.dispose();
    this.prior.dispose();
  }

  /** Throws InputError naming the problem when a batch cannot be used with this model. */
  validateBatch(batch: Batch): void {
    assertWidth(batch.x, this.featureDim, 'x', 'features', this.config.featureNames);
    this.likelihood.validate(batch.x, 'x');
    if (this.covariateDim > 0) {
      if (!batch.covariates) throw new InputError(`the model has covariates (${this.config.covariates.map((c) => c.name).join(', ')}) but the batch has none`, 'pass covariates for every sample');
      assertWidth(batch.covariates, this.covariateDim, 'covariates', 'covariate columns');
      if (batch.covariates.shape[0] !== batch.x.shape[0]) {
        throw new InputError(`covariates have ${batch.covariates.shape[0]} rows but x has ${batch.x.shape[0]}`);
      }
      assertFinite(batch.covariates, 'covariates');
    }
  }

  /** q(z | x, c). Caller disposes the returned distribution's loc and scale. */
  posterior(x: Tensor, covariates?: Tensor, training = false, seed?: number): DiagGaussian {
    return this.encoder.encode(x, { covariates, training, seed });
  }

  /**
   * p(x | z, c): decodes z and returns the likelihood's distribution (call inside a tidy). `context`
   * supplies what the likelihood would read from data, e.g. `logLibrarySize` [n, 1] for count models.
   */
  generative(z: Tensor, options: { covariates?: Tensor; context?: LikelihoodContext } = {}): Distribution {
    return this.observationModel(z, options.covariates, options.context ?? {}, false);
  }

  /** p(x | z, c) with the context the likelihood reads from x (library size) or from `context`. */
  private observationModel(z: Tensor, covariates: Tensor | undefined, ctx: LikelihoodContext, training: boolean, seed?: number, target?: Tensor): Distribution {
    const heads = this.decoder.decode(z, { covariates, training, seed, target });
    return this.likelihood.distribution(heads, { ...ctx, covariates });
  }

  /**
   * The negative ELBO and its parts for a batch. With `samples` S > 1 the reconstruction term is
   * averaged over S reparameterised draws. Free bits (Kingma et al. 2016): each latent dim's
   * batch-mean KL counts at least `freeBits` nats in the loss.
   */
  elbo(batch: Batch, options: ElboOptions = {}): ElboOutput {
    const { beta = 1, freeBits = 0, samples = 1, seed = 0, training = false } = options;
    if (!(Number.isInteger(samples) && samples >= 1)) throw new ConfigError(`samples must be a positive integer, got ${samples}`);
    return tf.tidy(() => {
      const x = batch.x;
      const cov = batch.covariates;
      const b = x.shape[0];
      const q = this.posterior(x, cov, training, deriveSeed(seed, 'encoder'));
      const eps = tf.randomNormal([samples, ...q.loc.shape], 0, 1, 'float32', deriveSeed(seed, 'z'));
      const zs = tf.add(q.loc, tf.mul(q.scale, eps)); // [S, B, D]
      const z = samples === 1 ? tf.squeeze(zs, [0]) : tf.reshape(zs, [samples * b, ...q.loc.shape.slice(1)]);
      const repeat = (t: Tensor | undefined) => (t && samples > 1 ? repeatRows(t, samples) : t);
      const obsCtx = this.likelihood.observe?.(x) ?? {};
      const ctx: LikelihoodContext = {};
      for (const [k, v] of Object.entries(obsCtx)) ctx[k] = repeat(v);
      const xs = repeat(x) as Tensor;
      const px = this.observationModel(z, repeat(cov), ctx, training, deriveSeed(seed, 'decoder'), xs);
      // per sample: sum over every non-batch axis (time steps too); then mean over S·B
      const rec = tf.mean(perSample(px.logProb(xs)));
      const qz = samples === 1 ? q : new DiagGaussian(repeat(q.loc) as Tensor, repeat(q.scale) as Tensor);
      const klBD = this.prior.klPerDim(qz, z, repeat(cov)); // [S·B, (T,) D]
      const klPerDim = tf.mean(klBD.rank > 2 ? tf.sum(klBD, Array.from({ length: klBD.rank - 2 }, (_, i) => i + 1)) : klBD, 0);
      const kl = tf.sum(klPerDim);
      const klForLoss = freeBits > 0 ? tf.sum(tf.maximum(klPerDim, freeBits)) : kl;
      const loss = tf.add(tf.neg(rec), tf.mul(klForLoss, beta));
      return { loss: loss as Scalar, reconstruction: rec as Scalar, kl: kl as Scalar, klPerDim };
    });
  }

  /** Trainable: the negative ELBO. */
  loss(batch: Batch, options: LossOptions): LossOutput {
    const out = this.elbo(batch, options);
    return { loss: out.loss, terms: { reconstruction: out.reconstruction, kl: out.kl }, klPerDim: out.klPerDim };
  }

  /** Latent representation: the posterior mean (default) or a sample. [B, D]. */
  embed(x: Tensor, options: { covariates?: Tensor; sample?: boolean; seed?: number } = {}): Tensor {
    return tf.tidy(() => {
      const q = this.posterior(x, options.covariates);
      return options.sample ? q.sample(options.seed) : q.loc;
    });
  }

  /** Mean of p(x | z = posterior mean, c): the denoised reconstruction. */
  reconstruct(x: Tensor, options: { covariates?: Tensor; context?: LikelihoodContext } = {}): Tensor {
    return tf.tidy(() => {
      const q = this.posterior(x, options.covariates);
      const ctx = { ...(this.likelihood.observe?.(x) ?? {}), ...(options.context ?? {}) };
      return this.observationModel(q.loc, options.covariates, ctx, false, undefined, x).mean();
    });
  }

  /**
   * n draws from the generative model: z ~ p(z | c), x ~ p(x | z, c). `context` supplies what the
   * likelihood would otherwise read from data (e.g. `logLibrarySize` [n, 1] for count models).
   * Returns the latent draws, the means of p(x | z) and samples from it.
   */
  generate(n: number, options: { covariates?: Tensor; context?: LikelihoodContext; seed?: number } = {}): { z: Tensor; mean: Tensor; sample: Tensor } {
    return tf.tidy(() => {
      const seed = options.seed ?? 0;
      const z = this.prior.sample(n, options.covariates, deriveSeed(seed, 'prior'));
      const px = this.observationModel(z, options.covariates, options.context ?? {}, false);
      return { z, mean: px.mean(), sample: px.sample(deriveSeed(seed, 'x')) };
    });
  }

  /**
   * Importance-weighted estimate of log p(x) per sample (Burda et al. 2016):
   * log (1/K) Σ_k p(x | z_k) p(z_k) / q(z_k | x), z_k ~ q(z | x). Tighter than the ELBO as K grows.
   * Computed in chunks of `chunk` importance samples (default: as many as keep a chunk near 4M
   * elements) to bound memory; for large B, call it on row batches. Returns [B].
   */
  marginalLogLikelihood(x: Tensor, k: number, options: { covariates?: Tensor; seed?: number; chunk?: number } = {}): Tensor {
    if (!(Number.isInteger(k) && k >= 1)) throw new ConfigError(`marginalLogLikelihood: K must be a positive integer, got ${k}`);
    // bound each chunk's [S·B, features] tensors (~4M elements, 16 MB each) to keep the wasm heap small
    const chunk = Math.max(1, Math.min(k, options.chunk ?? Math.floor(4e6 / Math.max(1, x.shape[0] * this.featureDim))));
    const seed = options.seed ?? 0;
    const cov = options.covariates;
    const b = x.shape[0];
    const parts: Tensor[] = [];
    const q = this.posterior(x, cov);
    try {
      for (let start = 0, i = 0; start < k; start += chunk, i++) {
        const s = Math.min(chunk, k - start);
        parts.push(
          tf.tidy(() => {
            const rep = (t: Tensor | undefined) => (t ? repeatRows(t, s) : undefined);
            const eps = tf.randomNormal([s, ...q.loc.shape], 0, 1, 'float32', deriveSeed(seed, 'iw', i));
            const z = tf.reshape(tf.add(q.loc, tf.mul(q.scale, eps)), [s * b, ...q.loc.shape.slice(1)]);
            const qRep = new DiagGaussian(rep(q.loc) as Tensor, rep(q.scale) as Tensor);
            const ctx: LikelihoodContext = {};
            for (const [key, v] of Object.entries(this.likelihood.observe?.(x) ?? {})) ctx[key] = rep(v);
            const xr = rep(x) as Tensor;
            const px = this.observationModel(z, rep(cov), ctx, false, undefined, xr);
            const logW = tf.sub(tf.add(perSample(px.logProb(xr)), perSample(this.prior.logProb(z, rep(cov)))), perSample(qRep.logProb(z)));
            return tf.reshape(logW, [s, b]);
          }),
        );
      }
      return tf.tidy(() => tf.sub(tf.logSumExp(tf.concat(parts, 0), 0), Math.log(k)));
    } finally {
      q.loc.dispose();
      q.scale.dispose();
      for (const p of parts) p.dispose();
    }
  }
}

/** Sums a per-sample quantity over every axis after the batch axis: [B, ...] → [B]. */
function perSample(t: Tensor): Tensor {
  return t.rank > 1 ? tf.sum(t, Array.from({ length: t.rank - 1 }, (_, i) => i + 1)) : t;
}

function normaliseConfig(raw: VaeConfig): VAE['config'] {
  const where = 'VAE config';
  if (!Number.isInteger(raw.featureDim) || raw.featureDim < 1) throw new ConfigError(`${where}: featureDim must be a positive integer, got ${String(raw.featureDim)}`);
  if (!Number.isInteger(raw.latentDim) || raw.latentDim < 1) throw new ConfigError(`${where}: latentDim must be a positive integer, got ${String(raw.latentDim)}`);
  if (!raw.likelihood?.kind) throw new ConfigError(`${where}: likelihood.kind is required`, `one of: ${likelihoods.kinds().join(', ')}`);
  if (raw.featureNames && raw.featureNames.length !== raw.featureDim) {
    throw new ConfigError(`${where}: ${raw.featureNames.length} feature names for featureDim ${raw.featureDim}`);
  }
  for (const c of raw.covariates ?? []) {
    if (c.type === 'categorical' && !(c.levels && c.levels.length > 0)) throw new ConfigError(`${where}: categorical covariate "${c.name}" needs its levels`);
  }
  return {
    featureDim: raw.featureDim,
    latentDim: raw.latentDim,
    encoder: raw.encoder ?? { kind: 'mlp' },
    decoder: raw.decoder ?? { kind: 'mlp' },
    likelihood: raw.likelihood,
    prior: raw.prior ?? { kind: 'standard-normal' },
    covariates: raw.covariates ?? [],
    seed: raw.seed ?? 0,
    ...(raw.featureNames ? { featureNames: [...raw.featureNames] } : {}),
  };
}
