import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import {
  ConfigError,
  decoders,
  deriveSeed,
  encoders,
  InputError,
  likelihoods,
  loadModelWithManifest,
  ModelFormatError,
  priors,
  saveModel,
  train,
  trainValidationSplit,
  type Batch,
  type Decoder,
  type DiagGaussian,
  type Encoder,
  type JsonObject,
  type Likelihood,
  type LossOptions,
  type LossOutput,
  type Prior,
  type Trainable,
  type TrainEvent,
  type TrainOptions,
  type TrainSummary,
} from '@vaekit/core';
import type { Observable } from 'rxjs';
import { selectNeurons, type Covariates, type SpikeCounts } from '../data/spike-counts.js';
import { validateSpikeCounts } from '../data/validate.js';
import { MarkovGaussianPrior } from '../plugins/markov-prior.js';
import { headBiasFromMean, observationOf } from './observation.js';
import { resolveOptions, type SequentialVaeConfig, type SequentialVaeOptions } from './options.js';
import { SequenceSource } from './sequence-source.js';

/** Per-trial, per-bin values: [trials, bins, width] row-major (rates: width = neurons; latents: width = latentDim). */
export interface TrialSeries {
  data: Float32Array;
  trials: number;
  bins: number;
  width: number;
}

/** Spike counts and, for a conditional model, their covariates c_t. */
export type SequenceData = SpikeCounts | { counts: SpikeCounts; covariates?: Covariates };

export interface FitOptions extends Partial<TrainOptions> {
  /** Fraction of trials held out for validation and early stopping; default 0.1 (0: none). Ignored when `validation` is given. */
  validationFraction?: number;
  /** Explicit validation trials (instead of a random fraction of the training data). */
  validation?: SequenceData;
}

const DEFAULT_TRAIN: TrainOptions = { epochs: 100, batchSize: 64, learningRate: 5e-3, clipNorm: 200, klSchedule: { kind: 'linear', warmupEpochs: 20 } };

/** The minimum trial length: the Markov prior links consecutive bins. */
const MIN_BINS = 2;

function unpack(data: SequenceData): { counts: SpikeCounts; covariates?: Covariates } {
  return 'counts' in data ? data : { counts: data };
}

/**
 * A state-space VAE for spike trains (LFADS-like, with a Markov prior instead of a generator RNN):
 * latent trajectories z_1..z_T with p(z_1) p(z_t | z_{t−1}) (registered 'markov-gaussian' prior with
 * a registered transition), observations per bin from core's likelihood registry (Poisson by default:
 * log-rate = readout(z_t) + per-neuron bias), posterior from a bidirectional GRU. Optional task
 * covariates c_t feed the decoder (conditional model), held-in neurons for co-smoothing, coordinated
 * dropout and an L2 penalty on recurrent weights. Trains with core's train(); saves with core's
 * persistence (model kind 'sequential-vae').
 */
export class SequentialVAE implements Trainable {
  readonly config: SequentialVaeConfig;
  readonly encoder: Encoder;
  readonly decoder: Decoder;
  readonly likelihood: Likelihood;
  readonly prior: Prior;
  /** Warnings (e.g. on input data) go here; console.warn by default. */
  warn: (message: string) => void = (m) => console.warn(m);
  private readonly heldIn: Tensor | undefined;
  private fitted: { counts: SpikeCounts; covariates?: Covariates } | undefined;

  private constructor(config: SequentialVaeConfig) {
    this.config = config;
    const seed = config.seed;
    const c = config.covariates.length;
    const lPlugin = likelihoods.get(config.likelihood.kind);
    this.likelihood = lPlugin.create(lPlugin.parseConfig(config.likelihood.config ?? {}), { featureDim: config.neurons, covariates: [] }, deriveSeed(seed, 'likelihood'));
    const ePlugin = encoders.get(config.encoder.kind);
    this.encoder = ePlugin.create(ePlugin.parseConfig(config.encoder.config ?? {}), { inputDim: config.heldInNeurons.length, latentDim: config.latentDim, covariateDim: c }, deriveSeed(seed, 'encoder'));
    const dPlugin = decoders.get(config.decoder.kind);
    this.decoder = dPlugin.create(dPlugin.parseConfig(config.decoder.config ?? {}), { latentDim: config.latentDim, covariateDim: c, heads: this.likelihood.heads() }, deriveSeed(seed, 'decoder'));
    const pPlugin = priors.get(config.prior.kind);
    this.prior = pPlugin.create(pPlugin.parseConfig(config.prior.config ?? {}), { latentDim: config.latentDim, condDim: 0 }, deriveSeed(seed, 'prior'));
    // record the completed plugin configs, so model.json lists every default used
    this.config.likelihood = { kind: this.likelihood.kind, config: this.likelihood.config };
    this.config.encoder = { kind: this.encoder.kind, config: this.encoder.config };
    this.config.decoder = { kind: this.decoder.kind, config: this.decoder.config };
    this.config.prior = { kind: this.prior.kind, config: this.prior.config };
    const all = config.heldInNeurons.length === config.neurons && config.heldInNeurons.every((v, i) => v === i);
    this.heldIn = all ? undefined : tf.tensor1d(config.heldInNeurons, 'int32');
  }

  /** An untrained model. */
  static create(options: SequentialVaeOptions): SequentialVAE {
    return new SequentialVAE(resolveOptions(options));
  }

  get latentDim(): number {
    return this.config.latentDim;
  }
  get neurons(): number {
    return this.config.neurons;
  }

  toConfig(): JsonObject {
    return { kind: 'sequential-vae', ...(JSON.parse(JSON.stringify(this.config)) as JsonObject) };
  }

  variables(): Record<string, Variable> {
    return { ...this.encoder.variables(), ...this.decoder.variables(), ...this.likelihood.variables(), ...this.prior.variables() };
  }

  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
    this.likelihood.dispose();
    this.prior.dispose();
    this.heldIn?.dispose();
  }

  validateBatch(batch: Batch): void {
    const x = batch.x;
    if (x.rank !== 3 || x.shape[2] !== this.neurons) throw new InputError(`sequential VAE: a batch has shape [${x.shape}], expected [trials, bins, ${this.neurons}]`);
    if ((x.shape[1] as number) < MIN_BINS) throw new InputError(`sequential VAE: trials have ${x.shape[1]} bin(s), but the Markov prior needs at least ${MIN_BINS}`, 'use longer trials or windows');
    this.likelihood.validate(x.dataSync(), 'spike counts');
    this.checkCovariateTensor(batch.covariates, x);
  }

  private checkCovariateTensor(cov: Tensor | undefined, x: Tensor): void {
    const c = this.config.covariates.length;
    if (c === 0) return;
    if (!cov || cov.rank !== 3 || cov.shape[0] !== x.shape[0] || cov.shape[1] !== x.shape[1] || cov.shape[2] !== c) {
      throw new InputError(`sequential VAE: the model has covariates (${this.config.covariates.join(', ')}) and needs them as [trials, bins, ${c}], got ${cov ? `[${cov.shape}]` : 'none'}`);
    }
  }

  /** The encoder's input: the held-in neurons of x [B, T, N]. */
  private encoderInput(x: Tensor): Tensor {
    return this.heldIn ? tf.gather(x, this.heldIn, 2) : x;
  }

  /**
   * Coordinated dropout (Keshtkaran & Pandarinath 2019): a Bernoulli(1 − rate) mask over the held-in
   * entries; the encoder sees the kept entries (scaled by 1/(1 − rate)), and the reconstruction counts
   * only the dropped ones (scaled by 1/rate) so the network cannot learn to copy its input. Held-out
   * neurons are never input and always scored. Returns the masked input and the weights [B, T, N].
   */
  private coordinatedDropout(x: Tensor, xin: Tensor, rate: number, seed: number): { input: Tensor; weights: Tensor } {
    const keep = tf.cast(tf.greaterEqual(tf.randomUniform(xin.shape, 0, 1, 'float32', deriveSeed(seed, 'cd')), rate), 'float32');
    const input = tf.mul(xin, tf.div(keep, 1 - rate));
    const wIn = tf.div(tf.sub(1, keep), rate);
    if (!this.heldIn) return { input, weights: wIn };
    // scatter the held-in weights into [B, T, N]; held-out neurons get weight 1
    const [b, t] = x.shape as [number, number, number];
    const held = new Set(this.config.heldInNeurons);
    const out = Array.from({ length: this.neurons }, (_, i) => i).filter((i) => !held.has(i));
    const order = [...this.config.heldInNeurons, ...out];
    const inverse = new Int32Array(this.neurons);
    order.forEach((n, j) => (inverse[n] = j));
    const all = tf.concat([wIn, tf.ones([b, t, out.length])], 2);
    return { input, weights: tf.gather(all, tf.tensor1d(inverse, 'int32'), 2) };
  }

  /** Trainable: the negative ELBO of a batch (mean over trials, summed over bins and neurons), plus the L2 penalty. */
  loss(batch: Batch, options: LossOptions): LossOutput {
    const { beta, freeBits, seed, training } = options;
    return tf.tidy(() => {
      const x = batch.x;
      const cov = batch.covariates;
      const cd = training ? this.config.coordinatedDropout : 0;
      let input = this.encoderInput(x);
      let weights: Tensor | undefined;
      if (cd > 0) ({ input, weights } = this.coordinatedDropout(x, input, cd, seed));
      const q = this.encoder.encode(input, { covariates: cov, training, seed: deriveSeed(seed, 'encoder') });
      const z = tf.add(q.loc, tf.mul(q.scale, tf.randomNormal(q.loc.shape, 0, 1, 'float32', deriveSeed(seed, 'z'))));
      const heads = this.decoder.decode(z, { covariates: cov, training, seed: deriveSeed(seed, 'decoder') });
      const ll = this.likelihood.distribution(heads, {}).elementLogProb(x);
      const rec = tf.mean(tf.sum(weights ? tf.mul(ll, weights) : ll, [1, 2])) as Scalar;
      const klBTD = this.prior.klPerDim(q, z);
      const klPerDim = tf.mean(tf.sum(klBTD, 1), 0);
      const kl = tf.sum(klPerDim) as Scalar;
      const klForLoss = freeBits > 0 ? tf.sum(tf.maximum(klPerDim, freeBits)) : kl;
      let loss = tf.add(tf.neg(rec), tf.mul(klForLoss, beta)) as Scalar;
      const terms: Record<string, Scalar> = { reconstruction: rec, kl };
      if (this.config.l2Recurrent > 0) {
        const l2 = tf.mul(tf.addN(this.recurrentWeights().map((w) => tf.sum(tf.square(w)))), this.config.l2Recurrent) as Scalar;
        loss = tf.add(loss, l2) as Scalar;
        terms.l2 = l2;
      }
      return { loss, terms, klPerDim };
    });
  }

  /** The weights the L2 penalty applies to: recurrent kernels of the encoder and the transition's weights. */
  recurrentWeights(): Variable[] {
    const parts = [this.encoder, this.prior] as unknown as Array<{ recurrentWeights?: () => Variable[] }>;
    return parts.flatMap((p) => p.recurrentWeights?.() ?? []);
  }

  /** Checks spike counts (and covariates) against the model; returns the data source. */
  source(data: SequenceData, label = 'spike counts'): SequenceSource {
    const { counts, covariates } = unpack(data);
    if (counts.neurons !== this.neurons) {
      throw new InputError(`${label}: ${counts.neurons} neurons, but the model has ${this.neurons}`, this.config.neuronIds ? `the model's neurons: ${this.config.neuronIds.slice(0, 8).join(', ')}…` : 'pass the same neurons in the same order as in training');
    }
    validateSpikeCounts(counts, observationOf[this.likelihood.kind] ?? 'continuous', MIN_BINS, label);
    const c = this.config.covariates.length;
    if (c > 0 && !covariates) throw new InputError(`${label}: the model has covariates (${this.config.covariates.join(', ')}) but none were given`, 'pass { counts, covariates }');
    if (covariates && covariates.columns !== c) throw new InputError(`${label}: ${covariates.columns} covariate columns, but the model has ${c}`);
    return new SequenceSource(counts, c > 0 ? covariates : undefined);
  }

  /**
   * Sets each readout head's bias from the data's per-neuron mean before the first training, so that
   * training starts at every neuron's mean rate. Only biases still at their initial zeros are set: a
   * trained or loaded model keeps its own.
   */
  private initialiseFrom(counts: SpikeCounts): void {
    const decoder = this.decoder as unknown as { heads?: Array<{ spec: { name: string }; bias: Variable }> };
    tf.tidy(() => {
      const mean = tf.mean(tf.tensor2d(counts.data, [counts.trials * counts.bins, counts.neurons]), 0);
      for (const h of decoder.heads ?? []) {
        const init = headBiasFromMean[h.spec.name];
        const untouched = tf.max(tf.abs(h.bias)).dataSync()[0] === 0;
        if (init && untouched && h.bias.shape[0] === counts.neurons) h.bias.assign(init(mean));
      }
    });
  }

  /** Trains on the data (cold Observable of core's TrainEvents; unsubscribe to cancel). */
  train(data: SequenceData, options: FitOptions = {}): Observable<TrainEvent> {
    const { validationFraction = 0.1, validation, ...rest } = options;
    if (!(validationFraction >= 0 && validationFraction < 1)) throw new ConfigError(`validationFraction must be in [0, 1), got ${validationFraction}`);
    const source = this.source(data);
    this.initialiseFrom(source.counts);
    this.fitted = unpack(data);
    const seed = rest.seed ?? this.config.seed;
    const split = validation
      ? { train: source, validation: this.source(validation, 'validation spike counts') }
      : validationFraction > 0 && source.size >= 4
        ? trainValidationSplit(source, validationFraction, seed)
        : source;
    return train(this, split, { ...DEFAULT_TRAIN, ...rest, seed });
  }

  /** Trains to the end and returns the summary. */
  async fit(data: SequenceData, options: FitOptions = {}): Promise<TrainSummary> {
    return new Promise<TrainSummary>((resolve, reject) => {
      let summary: TrainSummary | undefined;
      this.train(data, options).subscribe({
        next: (e) => {
          if (e.type === 'done') summary = e.summary;
        },
        error: reject,
        complete: () => (summary ? resolve(summary) : reject(new ConfigError('training ended without a summary'))),
      });
    });
  }

  /** Runs `fn` over batches of trials and stacks its [b, bins, width] outputs (bins: the data's, unless given). */
  private mapTrials(data: SequenceData | undefined, width: number, batchSize: number, fn: (x: Tensor, cov: Tensor | undefined, index: number) => Tensor, outBins?: number): TrialSeries {
    const given = data ?? this.fitted;
    if (!given) throw new ConfigError('no data: pass spike counts (or fit the model first)');
    const source = this.source(given);
    const trials = source.counts.trials;
    const bins = outBins ?? source.counts.bins;
    const out = new Float32Array(trials * bins * width);
    for (let start = 0, i = 0; start < trials; start += batchSize, i++) {
      const idx = Array.from({ length: Math.min(batchSize, trials - start) }, (_, k) => start + k);
      const b = source.batch(idx);
      const y = tf.tidy(() => fn(b.x, b.covariates, i));
      out.set(y.dataSync() as Float32Array, start * bins * width);
      tf.dispose([y, b.x, b.covariates]);
    }
    return { data: out, trials, bins, width };
  }

  private posterior(x: Tensor, cov: Tensor | undefined): DiagGaussian {
    return this.encoder.encode(this.encoderInput(x), { covariates: cov });
  }

  /** Posterior means (default) or standard deviations of the latents per trial and bin: [trials, bins, latentDim]. Without data: the training data. */
  latents(data?: SequenceData, options: { scale?: boolean; batchSize?: number } = {}): TrialSeries {
    return this.mapTrials(data, this.latentDim, options.batchSize ?? 256, (x, cov) => {
      const q = this.posterior(x, cov);
      return options.scale ? q.scale : q.loc;
    });
  }

  /**
   * Inferred firing rates (the mean of p(x_t | z_t): expected counts per bin for Poisson) per trial,
   * bin and neuron, at the posterior mean of z (default), or averaged over `samples` posterior draws.
   * The encoder reads only the held-in neurons; every neuron's rate is predicted.
   */
  inferRates(data: SequenceData, options: { samples?: number; seed?: number; batchSize?: number } = {}): TrialSeries {
    const samples = options.samples ?? 0;
    if (!(Number.isInteger(samples) && samples >= 0)) throw new ConfigError(`inferRates: samples must be a non-negative integer, got ${samples}`);
    return this.mapTrials(data, this.neurons, options.batchSize ?? 256, (x, cov, i) => {
      const q = this.posterior(x, cov);
      const rate = (z: Tensor) => this.likelihood.distribution(this.decoder.decode(z, { covariates: cov }), {}).mean();
      if (samples === 0) return rate(q.loc);
      const draws = Array.from({ length: samples }, (_, s) => rate(q.rsample(deriveSeed(options.seed ?? 0, 'rates', i, s))));
      return tf.div(tf.addN(draws), samples);
    });
  }

  /**
   * n trajectories from the generative model: z ~ p(z_{1:T}), rates = mean of p(x | z), spikes ~ p(x | z).
   * `bins` defaults to the prior's `steps`; a conditional model needs `covariates` [n, bins, C].
   */
  sampleTrajectories(n: number, options: { bins?: number; seed?: number; covariates?: Covariates } = {}): { latents: TrialSeries; rates: TrialSeries; spikes: TrialSeries } {
    const prior = this.markovPrior('sampleTrajectories');
    const bins = options.bins ?? (prior.config.steps as number);
    if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(bins) && bins >= 1)) throw new ConfigError(`sampleTrajectories: n and bins must be positive integers, got ${n}, ${bins}`);
    const seed = options.seed ?? 0;
    const cov = this.covariateTensor(options.covariates, n, bins);
    const [z, rates, spikes] = tf.tidy(() => {
      const init = prior.initial();
      const z1 = tf.add(init.loc, tf.mul(init.scale, tf.randomNormal([n, this.latentDim], 0, 1, 'float32', deriveSeed(seed, 'z1'))));
      const zs = bins === 1 ? tf.expandDims(z1, 1) : tf.concat([tf.expandDims(z1, 1), prior.rollout(z1, bins - 1, { seed })], 1);
      const px = this.likelihood.distribution(this.decoder.decode(zs, { covariates: cov }), {});
      return [zs, px.mean(), px.sample(deriveSeed(seed, 'x'))];
    });
    cov?.dispose();
    const series = (t: Tensor, width: number): TrialSeries => ({ data: t.dataSync() as Float32Array, trials: n, bins, width });
    const out = { latents: series(z, this.latentDim), rates: series(rates, this.neurons), spikes: series(spikes, this.neurons) };
    tf.dispose([z, rates, spikes]);
    return out;
  }

  /**
   * Rolls the prior forward k bins past the end of each trial: from the posterior mean of the last
   * bin, along the mean path f(f(…)) (default), or averaged over `samples` noisy rollouts. Returns the
   * latents [trials, k, D] and rates [trials, k, N]. A conditional model needs the future covariates.
   */
  forecast(k: number, data?: SequenceData, options: { samples?: number; seed?: number; covariates?: Covariates; batchSize?: number } = {}): { latents: TrialSeries; rates: TrialSeries } {
    const prior = this.markovPrior('forecast');
    if (!(Number.isInteger(k) && k >= 1)) throw new ConfigError(`forecast: k must be a positive integer, got ${k}`);
    const samples = options.samples ?? 0;
    const last = this.mapTrials(data, this.latentDim, options.batchSize ?? 256, (x, cov) => {
      const q = this.posterior(x, cov);
      const t = x.shape[1] as number;
      return tf.slice(q.loc, [0, t - 1, 0], [-1, 1, -1]);
    }, 1);
    const trials = last.trials;
    const cov = this.covariateTensor(options.covariates, trials, k);
    const [z, rates] = tf.tidy(() => {
      const z0 = tf.tensor2d(last.data, [trials, this.latentDim]);
      const paths = samples === 0 ? [prior.rollout(z0, k, { noise: false })] : Array.from({ length: samples }, (_, s) => prior.rollout(z0, k, { seed: deriveSeed(options.seed ?? 0, 'forecast', s) }));
      const rate = (zs: Tensor) => this.likelihood.distribution(this.decoder.decode(zs, { covariates: cov }), {}).mean();
      const meanZ = tf.div(tf.addN(paths), paths.length);
      const meanRate = tf.div(tf.addN(paths.map(rate)), paths.length);
      return [meanZ, meanRate];
    });
    cov?.dispose();
    const out = {
      latents: { data: z.dataSync() as Float32Array, trials, bins: k, width: this.latentDim },
      rates: { data: rates.dataSync() as Float32Array, trials, bins: k, width: this.neurons },
    };
    tf.dispose([z, rates]);
    return out;
  }

  private markovPrior(what: string): MarkovGaussianPrior {
    if (!(this.prior instanceof MarkovGaussianPrior)) throw new ConfigError(`${what} needs the markov-gaussian prior (this model has "${this.prior.kind}")`);
    return this.prior;
  }

  private covariateTensor(cov: Covariates | undefined, trials: number, bins: number): Tensor | undefined {
    const c = this.config.covariates.length;
    if (c === 0) return undefined;
    if (!cov || cov.trials !== trials || cov.bins !== bins || cov.columns !== c) {
      throw new InputError(`the model has covariates (${this.config.covariates.join(', ')}): pass them as [${trials} trials, ${bins} bins, ${c}]`);
    }
    return tf.tensor3d(cov.data, [trials, bins, c]);
  }

  /** The spike counts of the neurons the encoder reads (held-in), e.g. to build test inputs. */
  heldInCounts(counts: SpikeCounts): SpikeCounts {
    return selectNeurons(counts, this.config.heldInNeurons);
  }

  /** Saves to a model directory (atomic; core persistence): model.json + weights.bin. */
  async save(dir: string, extra: JsonObject = {}): Promise<void> {
    await saveModel(this, dir, extra);
  }

  /** Loads a model saved by {@link SequentialVAE.save}. */
  static async load(dir: string): Promise<SequentialVAE> {
    const { model } = await loadModelWithManifest(dir);
    if (!(model instanceof SequentialVAE)) {
      model.dispose();
      throw new ModelFormatError(`${dir} is not an @vaekit/sequential model`, 'load it with loadModel from @vaekit/core instead');
    }
    return model;
  }

  /** Builds a model from a saved config (the model registry's entry point). */
  static fromConfig(config: JsonObject): SequentialVAE {
    const { kind: _kind, ...rest } = config;
    return new SequentialVAE(resolveOptions(rest as unknown as SequentialVaeConfig));
  }
}
