import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import {
  ConfigError,
  deriveSeed,
  InputError,
  loadModelWithManifest,
  ModelFormatError,
  saveModel,
  train,
  trainValidationSplit,
  type JsonObject,
  type TrainOptions,
  type TrainSummary,
} from '@vaekit/core';
import { alignInput, pairedCells } from '../data/align.js';
import type { AlignedData, MultimodalInput } from '../data/input.js';
import { MultimodalSource } from '../data/multimodal-source.js';
import type { MultimodalConfig } from './config.js';
import { MultimodalVAE } from './multimodal-vae.js';

/** Options of {@link MultimodalModel.train}: core's train options plus a held-out fraction for validation. */
export interface MultimodalTrainOptions extends Partial<TrainOptions> {
  /** Fraction of cells held out for the validation loss and early stopping (default 0; e.g. 0.1). */
  validationFraction?: number;
}

/** A matrix with one row per cell, in the order of the input's cells. */
export interface CellMatrix {
  data: Float32Array;
  nRows: number;
  nCols: number;
  cells: string[];
}

const DEFAULT_TRAIN: TrainOptions = { epochs: 100, batchSize: 128, learningRate: 1e-3, klSchedule: { kind: 'linear', warmupEpochs: 20 } };

/** Median of a list of numbers (0 for an empty list). */
function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * The user-facing multimodal model: fit on partially paired data, embed cells from any subset of
 * their modalities, impute one modality from others, reconstruct, save and load. Wraps a
 * {@link MultimodalVAE} (the Trainable that core's train() and saveModel() see).
 */
export class MultimodalModel {
  /**
   * Median total counts per modality over the training cells that have it, for modalities whose
   * likelihood uses a library-size offset: the library that `impute` decodes with by default.
   */
  libraries: Record<string, number>;

  constructor(
    readonly vae: MultimodalVAE,
    libraries: Record<string, number> = {},
  ) {
    this.libraries = { ...libraries };
  }

  /** Builds an untrained model. */
  static create(config: MultimodalConfig): MultimodalModel {
    return new MultimodalModel(MultimodalVAE.create(config));
  }

  get names(): string[] {
    return this.vae.names;
  }

  /** Aligns and checks `input` against the model's modalities (InputError naming the problem). */
  align(input: MultimodalInput): AlignedData {
    return alignInput(
      input,
      this.vae.modalities.map((m) => ({ name: m.name, featureDim: m.featureDim, validate: (v: Float32Array, where: string) => m.likelihood.validate(v, where) })),
    );
  }

  /** A core DataSource over `input` (batches: presence mask `x` and one entry per modality). */
  dataSource(input: MultimodalInput | AlignedData): MultimodalSource {
    const data = 'present' in input ? input : this.align(input);
    return new MultimodalSource(data, Object.fromEntries(this.vae.modalities.map((m) => [m.name, m.featureDim])));
  }

  /** Trains on `input` (core's cold Observable of TrainEvents; unsubscribe to cancel). */
  train(input: MultimodalInput, options: MultimodalTrainOptions = {}): ReturnType<typeof train> {
    const { validationFraction = 0, ...rest } = options;
    if (!(validationFraction >= 0 && validationFraction < 1)) throw new ConfigError(`validationFraction must be in [0, 1), got ${validationFraction}`);
    const data = this.align(input);
    for (const [j, name] of this.names.entries()) {
      let count = 0;
      for (let i = 0; i < data.n; i++) count += data.present[i * this.names.length + j];
      if (count === 0) throw new InputError(`no training cell has modality "${name}"`, 'its networks cannot be trained; pass its data or build the model without it');
    }
    if (this.names.length > 1 && pairedCells(data) === 0) {
      const ids = (name: string) => input.modalities[name]?.cells?.slice(0, 2).map((c) => JSON.stringify(c)).join(', ') ?? '(by position)';
      throw new InputError(
        `mismatched cell ids: no cell has more than one modality (${this.names.map((n) => `${n}: ${ids(n)}, …`).join('; ')})`,
        'the model learns how modalities relate from cells that have several; check that every modality uses the same cell id format',
      );
    }
    this.libraries = this.trainingLibraries(data);
    const source = this.dataSource(data);
    const seed = rest.seed ?? this.vae.config.seed;
    const split = validationFraction > 0 ? trainValidationSplit(source, validationFraction, seed) : source;
    return train(this.vae, split, { ...DEFAULT_TRAIN, ...rest, seed });
  }

  /** Trains to the end and returns the summary. */
  fit(input: MultimodalInput, options: MultimodalTrainOptions = {}): Promise<TrainSummary> {
    return new Promise((resolve, reject) => {
      let summary: TrainSummary | undefined;
      this.train(input, options).subscribe({
        next: (e) => {
          if (e.type === 'done') summary = e.summary;
        },
        error: reject,
        complete: () => (summary ? resolve(summary) : reject(new ConfigError('training ended without a summary'))),
      });
    });
  }

  /**
   * Posterior means of z per cell from the modalities in `using` (default: all) that each cell has:
   * [cells, latentDim]. A cell that has none of them is an InputError.
   */
  latent(input: MultimodalInput, options: { using?: string[]; batchSize?: number } = {}): CellMatrix {
    const using = this.checkNames(options.using ?? this.names, 'using');
    const data = this.align(input);
    this.requireAny(data, using, 'using');
    return this.mapCells(data, this.vae.latentDim, options.batchSize, (b) => this.vae.posterior(b, b.x, using).loc);
  }

  /**
   * Imputes modality `to` from the modalities in `from` (each cell uses those it has): the mean of
   * p(x_to | z) at the posterior mean of z, or with `samples` its average over that many draws of
   * z ~ q(z | from) (seeded). Count likelihoods with a library-size offset decode at `librarySize`
   * (default: the training cells' median for `to`).
   */
  impute(input: MultimodalInput, options: { from: string[]; to: string; librarySize?: number; samples?: number; seed?: number; batchSize?: number }): CellMatrix {
    const from = this.checkNames(options.from, 'from');
    const [to] = this.checkNames([options.to], 'to');
    const data = this.align(input);
    this.requireAny(data, from, 'from');
    const library = this.needsLibrary(to) ? (options.librarySize ?? this.libraries[to]) : undefined;
    if (this.needsLibrary(to) && !(typeof library === 'number' && library > 0)) {
      throw new ConfigError(`imputing "${to}" needs a library size (its likelihood scales by one)`, 'pass librarySize, or fit the model first (it records the training median)');
    }
    const samples = options.samples;
    if (samples !== undefined && !(Number.isInteger(samples) && samples >= 1)) throw new ConfigError(`impute: samples must be a positive integer, got ${samples}`);
    const width = this.vae.modality(to).featureDim;
    let call = 0;
    return this.mapCells(data, width, options.batchSize, (b) => {
      const q = this.vae.posterior(b, b.x, from);
      const rows = q.loc.shape[0] as number;
      const draws = samples === undefined ? [q.loc] : Array.from({ length: samples }, () => q.rsample(deriveSeed(options.seed ?? 0, 'impute', call++)));
      const s = draws.length;
      const zs = s === 1 ? draws[0] : tf.concat(draws, 0);
      const ctx = library === undefined ? {} : { logLibrarySize: tf.fill([rows * s, 1], Math.log(library)) };
      const mean = this.vae.generative(zs, to, ctx).mean();
      return s === 1 ? mean : tf.mean(tf.reshape(mean, [s, rows, width]), 0);
    });
  }

  /**
   * Reconstructs modality `modality` from `using` (default: every modality each cell has): the
   * mean of p(x | z) at the posterior mean, decoded with the cell's own library size where the
   * cell has the modality (else the training median, as impute).
   */
  reconstruct(input: MultimodalInput, options: { modality: string; using?: string[]; batchSize?: number }): CellMatrix {
    const [to] = this.checkNames([options.modality], 'modality');
    const using = this.checkNames(options.using ?? this.names, 'using');
    const data = this.align(input);
    this.requireAny(data, using, 'using');
    const mod = this.vae.modality(to);
    const j = this.names.indexOf(to);
    const fallback = this.libraries[to];
    return this.mapCells(data, mod.featureDim, options.batchSize, (b) => {
      const z = this.vae.posterior(b, b.x, using).loc;
      const observed = mod.likelihood.observe?.(b[to] as Tensor) ?? {};
      const ctx = { ...observed };
      if (observed.logLibrarySize) {
        const has = tf.slice(b.x, [0, j], [-1, 1]);
        const other = tf.fill(has.shape, Math.log(fallback > 0 ? fallback : 1));
        ctx.logLibrarySize = tf.add(tf.mul(has, observed.logLibrarySize), tf.mul(tf.sub(1, has), other));
      }
      return this.vae.generative(z, to, ctx).mean();
    });
  }

  /** Saves to a model directory (atomic): the VAE plus the training libraries. */
  async save(dir: string, extra: JsonObject = {}): Promise<void> {
    await saveModel(this.vae, dir, { ...extra, multimodal: { libraries: this.libraries } });
  }

  /** Loads a model saved by {@link MultimodalModel.save} (or a bare MultimodalVAE saved with saveModel). */
  static async load(dir: string): Promise<MultimodalModel> {
    const { model, manifest } = await loadModelWithManifest(dir);
    if (!(model instanceof MultimodalVAE)) {
      model.dispose();
      throw new ModelFormatError(`${dir} is not an @vaekit/multimodal model (its kind is "${String((manifest.model as JsonObject | undefined)?.kind)}")`, 'load it with loadModel from @vaekit/core instead');
    }
    const meta = manifest.multimodal as { libraries?: Record<string, number> } | undefined;
    return new MultimodalModel(model, meta?.libraries ?? {});
  }

  dispose(): void {
    this.vae.dispose();
  }

  /** Whether `name`'s likelihood reads a library size from the data (count likelihoods with an offset). */
  private needsLibrary(name: string): boolean {
    const mod = this.vae.modality(name);
    if (!mod.likelihood.observe) return false;
    return tf.tidy(() => 'logLibrarySize' in (mod.likelihood.observe?.(tf.ones([1, mod.featureDim])) ?? {}));
  }

  private trainingLibraries(data: AlignedData): Record<string, number> {
    const out: Record<string, number> = {};
    const m = this.names.length;
    this.vae.modalities.forEach((mod, j) => {
      if (!this.needsLibrary(mod.name)) return;
      const f = mod.featureDim;
      const totals: number[] = [];
      const v = data.values[mod.name];
      for (let i = 0; i < data.n; i++) {
        if (data.present[i * m + j] !== 1) continue;
        let s = 0;
        for (let c = 0; c < f; c++) s += v[i * f + c];
        totals.push(s);
      }
      out[mod.name] = median(totals);
    });
    return out;
  }

  private checkNames(names: readonly string[], what: string): string[] {
    if (!Array.isArray(names) || names.length === 0) throw new ConfigError(`${what} must name at least one modality`, `the model's modalities are ${this.names.join(', ')}`);
    for (const n of names) this.vae.modality(n);
    return [...names];
  }

  /** InputError when some cell has none of the modalities in `using`. */
  private requireAny(data: AlignedData, using: readonly string[], what: string): void {
    const cols = using.map((u) => this.names.indexOf(u));
    const m = this.names.length;
    const bad: string[] = [];
    for (let i = 0; i < data.n; i++) if (!cols.some((j) => data.present[i * m + j] === 1)) bad.push(data.cells[i]);
    if (bad.length > 0) {
      throw new InputError(
        `${bad.length} cell(s) have none of the modalities in ${what} (${using.join(', ')}), e.g. "${bad[0]}"`,
        `leave those cells out, or add a modality they have to ${what}`,
      );
    }
  }

  /** Runs `fn` on batches of cells (tensors freed) and stacks its [b, width] outputs. */
  private mapCells(data: AlignedData, width: number, batchSize = 512, fn: (b: Record<string, Tensor> & { x: Tensor }) => Tensor): CellMatrix {
    const source = this.dataSource(data);
    const n = data.n;
    const out = new Float32Array(n * width);
    for (let start = 0; start < n; start += batchSize) {
      const rows = Array.from({ length: Math.min(batchSize, n - start) }, (_, k) => start + k);
      const batch = source.batch(rows);
      try {
        const y = tf.tidy(() => fn(batch as Record<string, Tensor> & { x: Tensor }));
        out.set(y.dataSync() as Float32Array, start * width); // read outside tidy (tidy walks returned arrays)
        y.dispose();
      } finally {
        for (const t of Object.values(batch)) t?.dispose();
      }
    }
    return { data: out, nRows: n, nCols: width, cells: data.cells };
  }
}
