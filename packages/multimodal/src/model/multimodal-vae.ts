import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import {
  ConfigError,
  DiagGaussian,
  deriveSeed,
  InputError,
  priors,
  type Batch,
  type JsonObject,
  type LikelihoodContext,
  type LossOptions,
  type LossOutput,
  type Prior,
  type Trainable,
} from '@vaekit/core';
import type { Expert } from '../fusion/experts.js';
import { fusions, type Fusion } from '../fusion/fusion.js';
import { configToJson, resolveConfig, type MultimodalConfig, type ResolvedConfig } from './config.js';
import { checkBatch } from './check-batch.js';
import { Modality } from './modality.js';

export type MultimodalElboOptions = Partial<LossOptions>;

/** The (negative) ELBO of a batch and its parts; all means over the batch. */
export interface MultimodalElbo {
  /** −reconstruction + β · KL (after free bits): what training minimises. */
  loss: Scalar;
  /** Σ over the fusion's terms of the weighted mean log-likelihood of the reconstructed modalities. */
  reconstruction: Scalar;
  /** Σ over the terms of the weighted mean KL(q ‖ p(z)). */
  kl: Scalar;
  /** The KL per latent dimension, [D]. */
  klPerDim: Tensor;
  /** Each term's negative ELBO (β = 1), by the fusion's term name ('joint', 'rna', 'rna+protein', …). */
  terms: Record<string, Scalar>;
}

/** Sums a per-sample quantity over every axis after the batch axis: [N, ...] → [N]. */
function perSample(t: Tensor): Tensor {
  return t.rank > 1 ? tf.sum(t, Array.from({ length: t.rank - 1 }, (_, i) => i + 1)) : t;
}

/**
 * A VAE over several modalities sharing one latent space (MVAE, MoPoE-VAE, totalVI): one registered
 * encoder, decoder and likelihood per modality, a registered fusion of the modalities' Gaussian
 * experts, and the standard-normal prior. A Trainable, so core's `train()` fits it and
 * `saveModel`/`loadModel` store it (model kind 'multimodal').
 *
 * Batches: `x` is the presence mask [B, M] (1 where the sample has the modality, columns in the
 * order of `config.modalities`), and `batch[name]` the modality's values [B, F] (any finite values,
 * e.g. zeros, where it is missing).
 */
export class MultimodalVAE implements Trainable {
  readonly modalities: Modality[];
  readonly fusion: Fusion;
  readonly prior: Prior;

  private constructor(
    readonly config: ResolvedConfig,
    modalities: Modality[],
    fusion: Fusion,
    prior: Prior,
  ) {
    this.modalities = modalities;
    this.fusion = fusion;
    this.prior = prior;
  }

  /** Builds the model from plugin kinds and configs (validated; defaults filled in). */
  static create(raw: MultimodalConfig): MultimodalVAE {
    const config = resolveConfig(raw);
    const names = config.modalities.map((m) => m.name);
    const fPlugin = fusions.get(config.fusion.kind);
    const fusion = fPlugin.create(fPlugin.parseConfig(config.fusion.config ?? {}), { modalities: names, latentDim: config.latentDim }, deriveSeed(config.seed, 'fusion'));
    const pPlugin = priors.get('standard-normal');
    const prior = pPlugin.create(pPlugin.parseConfig({}), { latentDim: config.latentDim, condDim: 0 }, deriveSeed(config.seed, 'prior'));
    const modalities = config.modalities.map((spec) => new Modality(spec, config.latentDim, config.seed));
    const resolved: ResolvedConfig = { ...config, modalities: modalities.map((m) => m.spec), fusion: { kind: fusion.kind, config: fusion.config } };
    return new MultimodalVAE(resolved, modalities, fusion, prior);
  }

  get latentDim(): number {
    return this.config.latentDim;
  }

  /** The modality names, in mask-column order. */
  get names(): string[] {
    return this.modalities.map((m) => m.name);
  }

  /** The modality called `name`; a ConfigError lists the known ones. */
  modality(name: string): Modality {
    const m = this.modalities.find((x) => x.name === name);
    if (!m) throw new ConfigError(`unknown modality "${name}"`, `the model's modalities are ${this.names.join(', ')}`);
    return m;
  }

  toConfig(): JsonObject {
    return { kind: 'multimodal', ...configToJson(this.config) };
  }

  variables(): Record<string, Variable> {
    return Object.assign({}, ...this.modalities.map((m) => m.variables()), this.fusion.variables(), this.prior.variables()) as Record<string, Variable>;
  }

  dispose(): void {
    for (const m of this.modalities) m.dispose();
    this.fusion.dispose();
    this.prior.dispose();
  }

  validateBatch(batch: Batch): void {
    checkBatch(this, batch);
  }

  /**
   * Every modality's expert for the batch; modalities outside `using` (all by default) get a zero
   * placeholder and must have weight 0 wherever they are used. Call inside a tidy.
   */
  experts(values: Record<string, Tensor | undefined>, rows: number, options: { using?: readonly string[]; training?: boolean; seed?: number } = {}): Expert[] {
    const using = options.using ?? this.names;
    return this.modalities.map((m) => {
      const x = values[m.name];
      if (!using.includes(m.name)) return m.placeholder(rows, this.latentDim);
      if (!x) throw new InputError(`no values for modality "${m.name}"`, 'pass its [cells, features] values (zeros where a cell lacks it)');
      return m.expert(x, options.training ?? false, deriveSeed(options.seed ?? 0, 'encoder', m.name));
    });
  }

  /**
   * q(z | what each sample has among `using`): the fusion's inference posterior. `present` is the
   * [B, M] mask; columns outside `using` are ignored. The caller disposes loc and scale.
   */
  posterior(values: Record<string, Tensor | undefined>, present: Tensor, using?: readonly string[]): DiagGaussian {
    const [loc, scale] = tf.tidy(() => {
      const keep = tf.tensor2d(this.names.map((n) => (using === undefined || using.includes(n) ? 1 : 0)), [1, this.names.length]);
      const q = this.fusion.posterior(this.experts(values, present.shape[0] as number, { using }), tf.mul(present, keep));
      return [q.loc, q.scale];
    });
    return new DiagGaussian(loc, scale);
  }

  /** p(x_to | z) with `context` (e.g. `logLibrarySize` [B, 1] for count likelihoods with an offset). Call inside a tidy. */
  generative(z: Tensor, to: string, context: LikelihoodContext = {}) {
    return this.modality(to).observation(z, context);
  }

  /**
   * The negative ELBO of the fusion's terms for a batch. Each term t has a posterior q_t (the product
   * of the experts it uses), S reparameterised samples decoded by every modality, and per-sample
   * weights; a sample contributes reconstructions only of the modalities it has:
   *   loss = Σ_t mean_b w_tb [ −Σ_m r_tbm log p(x_bm | z_tb) + β KL(q_tb ‖ p) ].
   */
  elbo(batch: Batch, options: MultimodalElboOptions = {}): MultimodalElbo {
    const { beta = 1, freeBits = 0, samples = 1, seed = 0, training = false } = options;
    if (!(Number.isInteger(samples) && samples >= 1)) throw new ConfigError(`samples must be a positive integer, got ${samples}`);
    return tf.tidy(() => {
      const present = batch.x;
      const b = present.shape[0] as number;
      const d = this.latentDim;
      const experts = this.experts(batch, b, { training, seed });
      const terms = this.fusion.terms(present, deriveSeed(seed, 'subsets'));
      const nt = terms.length;
      const qs = terms.map((t) => this.fusion.subsetPosterior(experts, t.use));
      const loc = nt === 1 ? qs[0].loc : tf.concat(qs.map((q) => q.loc), 0); // [T·B, D]
      const scale = nt === 1 ? qs[0].scale : tf.concat(qs.map((q) => q.scale), 0);
      const eps = tf.randomNormal([samples, nt * b, d], 0, 1, 'float32', deriveSeed(seed, 'z'));
      const zs = tf.add(loc, tf.mul(scale, eps)); // [S, T·B, D]
      const z = tf.reshape(zs, [samples * nt * b, d]);
      const reps = samples * nt;
      // stacked copies (a concat: wasm's Tile, behind broadcastTo, is ~10× slower for [B, 2000] counts)
      const repeat = (t: Tensor): Tensor => (reps === 1 ? t : tf.concat(Array.from({ length: reps }, () => t), 0));
      let rec: Tensor = tf.zeros([reps * b]);
      this.modalities.forEach((m, i) => {
        const x = batch[m.name] as Tensor;
        const ctx: LikelihoodContext = {};
        for (const [k, v] of Object.entries(m.likelihood.observe?.(x) ?? {})) if (v) ctx[k] = repeat(v);
        const xr = repeat(x);
        const lp = perSample(m.observation(z, ctx, training, deriveSeed(seed, 'decoder', m.name), xr).logProb(xr));
        const r = tf.concat(terms.map((t) => tf.reshape(tf.slice(t.reconstruct, [0, i], [-1, 1]), [-1])), 0); // [T·B]
        rec = tf.add(rec, tf.mul(lp, samples === 1 ? r : tf.concat(Array.from({ length: samples }, () => r), 0)));
      });
      const recTB = tf.mean(tf.reshape(rec, [samples, nt, b]), 0); // [T, B]
      const klTBD = tf.reshape(this.prior.klPerDim(new DiagGaussian(loc, scale), tf.reshape(tf.slice(zs, [0, 0, 0], [1, -1, -1]), [nt * b, d])), [nt, b, d]);
      const w = tf.stack(terms.map((t) => t.weight)); // [T, B]
      const termRec = tf.mean(tf.mul(w, recTB), 1); // [T]
      const klPerTermDim = tf.mean(tf.mul(tf.expandDims(w, 2), klTBD), 1); // [T, D]
      const klPerDim = tf.sum(klPerTermDim, 0);
      const reconstruction = tf.sum(termRec) as Scalar;
      const kl = tf.sum(klPerDim) as Scalar;
      const klForLoss = freeBits > 0 ? tf.sum(tf.maximum(klPerDim, freeBits)) : kl;
      const loss = tf.add(tf.neg(reconstruction), tf.mul(klForLoss, beta)) as Scalar;
      const negElbo = tf.sub(tf.sum(klPerTermDim, 1), termRec); // [T]
      const byName: Record<string, number[]> = {};
      terms.forEach((t, i) => (byName[t.name] ??= []).push(i));
      const termValues: Record<string, Scalar> = {};
      for (const [name, idx] of Object.entries(byName)) termValues[name] = tf.sum(tf.gather(negElbo, tf.tensor1d(idx, 'int32'))) as Scalar;
      return { loss, reconstruction, kl, klPerDim, terms: termValues };
    });
  }

  /** Trainable: the negative ELBO, with each fusion term's negative ELBO reported as `term:<name>`. */
  loss(batch: Batch, options: LossOptions): LossOutput {
    const out = this.elbo(batch, options);
    const terms: Record<string, Scalar> = { reconstruction: out.reconstruction, kl: out.kl };
    for (const [name, v] of Object.entries(out.terms)) terms[`term:${name}`] = v;
    return { loss: out.loss, terms, klPerDim: out.klPerDim };
  }
}
