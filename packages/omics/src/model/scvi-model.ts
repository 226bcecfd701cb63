import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import {
  ConfigError,
  InputError,
  loadModelWithManifest,
  ModelFormatError,
  saveModel,
  trainValidationSplit,
  train,
  VAE,
  type JsonObject,
  type TrainEvent,
  type TrainOptions,
  type TrainSummary,
} from '@vaekit/core';
import { lastValueFrom, type Observable } from 'rxjs';
import type { CountMatrix, DenseMatrix } from '../matrix/count-matrix.js';
import { CountSource } from '../matrix/count-source.js';
import type { CovariateBlock } from '../matrix/covariates.js';
import { alignGenes } from '../preprocess/align-genes.js';
import { covariateColumns, resolveScviOptions, vaeConfig, type ResolvedScviOptions, type ScviOptions } from './options.js';

/** Options of {@link ScviModel.train}: core's train options plus a held-out fraction for validation. */
export interface ScviTrainOptions extends Partial<TrainOptions> {
  /** Fraction of cells held out for the validation ELBO and early stopping (default 0.1; 0 for none). */
  validationFraction?: number;
}

const DEFAULT_TRAIN: TrainOptions = { epochs: 100, batchSize: 128, learningRate: 1e-3, klSchedule: { kind: 'linear', warmupEpochs: 20 } };

/**
 * An scVI-style model of single-cell counts (Lopez et al. 2018), composed from @vaekit/core:
 * encoder q(z | log1p x[, batch]), decoder with the batch injected into every layer, NB / ZINB /
 * Poisson likelihood with the observed library size as offset. The user API follows scvi-tools'
 * SCVI: train, latent, normalizedExpression, posteriorPredictive, likelihoodParameters,
 * marginalLogLikelihood, save/load. Query data are matched to the model's genes by name.
 */
export class ScviModel {
  /** Where warnings go (query genes missing from the data, …); console.warn by default. */
  warn: (message: string) => void = (m) => console.warn(m);

  private constructor(
    readonly vae: VAE,
    readonly options: ResolvedScviOptions,
    /** The model's genes, in the order of its inputs. */
    readonly genes: readonly string[],
    /** How obs columns became covariates (levels fixed at training). */
    readonly covariateBlocks: readonly CovariateBlock[],
  ) {}

  /** Builds an untrained model for `adata`'s genes and covariate levels. */
  static create(adata: CountMatrix, options: ScviOptions = {}): ScviModel {
    const o = resolveScviOptions(options);
    const source = new CountSource(adata, { covariates: covariateColumns(o), layer: o.layer });
    return new ScviModel(VAE.create(vaeConfig(o, adata.var.names, source.covariateBlocks)), o, [...adata.var.names], source.covariateBlocks);
  }

  /** A data source over `adata` aligned to the model: genes reordered by name (missing ones zero-filled, with a warning), covariate levels as in training. */
  dataSource(adata: CountMatrix): CountSource {
    const sameGenes = adata.var.names.length === this.genes.length && adata.var.names.every((g, i) => g === this.genes[i]);
    let matrix = adata;
    if (!sameGenes) {
      const aligned = alignGenes(adata, [...this.genes]);
      for (const w of aligned.warnings) this.warn(w);
      matrix = aligned.matrix;
    }
    const levels = Object.fromEntries(this.covariateBlocks.flatMap((b) => (b.kind === 'categorical' ? [[b.column, b.levels]] : [])));
    return new CountSource(matrix, { covariates: this.covariateBlocks.map((b) => b.column), levels, layer: this.options.layer });
  }

  /** Trains on `adata` (cold Observable of core's TrainEvents; unsubscribe to cancel). */
  train(adata: CountMatrix, options: ScviTrainOptions = {}): Observable<TrainEvent> {
    const { validationFraction = 0.1, ...rest } = options;
    if (!(validationFraction >= 0 && validationFraction < 1)) throw new ConfigError(`validationFraction must be in [0, 1), got ${validationFraction}`);
    const all = this.dataSource(adata);
    const seed = rest.seed ?? this.options.seed;
    const data = validationFraction > 0 ? trainValidationSplit(all, validationFraction, seed) : all;
    return train(this.vae, data, { ...DEFAULT_TRAIN, ...rest, seed });
  }

  /** Trains to the end and returns the summary. */
  async fit(adata: CountMatrix, options: ScviTrainOptions = {}): Promise<TrainSummary> {
    const done = await lastValueFrom(this.train(adata, options));
    if (done.type !== 'done') throw new ConfigError('training ended without a summary');
    return done.summary;
  }

  /** Posterior means (or one sample) of z per cell: [cells, latentDim]. */
  latent(adata: CountMatrix, options: { sample?: boolean; seed?: number; batchSize?: number } = {}): DenseMatrix {
    return this.mapCells(adata, this.vae.latentDim, options.batchSize, (b, i) => this.vae.embed(b.x, { covariates: b.covariates, sample: options.sample, seed: (options.seed ?? 0) + i }));
  }

  /**
   * Decoded expression frequencies ρ = softmax(decoder) per cell × gene, times `librarySize`
   * (default 1: proportions; 1e4 gives counts per 10k). `transformBatch` decodes every cell as if
   * it came from that batch (batch-corrected expression), as scvi-tools' get_normalized_expression.
   */
  normalizedExpression(adata: CountMatrix, options: { transformBatch?: string; librarySize?: number; batchSize?: number } = {}): DenseMatrix {
    const scale = options.librarySize ?? 1;
    return this.mapCells(adata, this.genes.length, options.batchSize, (b) => {
      const z = this.vae.embed(b.x, { covariates: b.covariates });
      const cov = options.transformBatch === undefined ? b.covariates : this.withBatch(b.covariates, options.transformBatch);
      const heads = this.vae.decoder.decode(z, { covariates: cov });
      return tf.mul(tf.softmax(heads.mean), scale);
    });
  }

  /** One draw of counts per cell from p(x | z ~ q(z | x), batch, observed library size). */
  posteriorPredictive(adata: CountMatrix, options: { seed?: number; batchSize?: number } = {}): DenseMatrix {
    return this.mapCells(adata, this.genes.length, options.batchSize, (b, i) => {
      const z = this.vae.embed(b.x, { covariates: b.covariates, sample: true, seed: (options.seed ?? 0) + 2 * i });
      return this.vae.generative(z, { covariates: b.covariates, context: this.vae.likelihood.observe?.(b.x) }).sample((options.seed ?? 0) + 2 * i + 1);
    });
  }

  /** The fitted likelihood's parameters per cell × gene at z = posterior mean: NB `mean`, `theta` (ZINB also `gateLogits`). */
  likelihoodParameters(adata: CountMatrix, options: { batchSize?: number } = {}): Record<string, DenseMatrix> {
    const source = this.dataSource(adata);
    const n = source.size;
    const g = this.genes.length;
    const out: Record<string, Float32Array> = {};
    forEachBatch(n, options.batchSize, (rows, start) => {
      const b = source.batch(rows);
      const params = tf.tidy(() => {
        const z = this.vae.embed(b.x, { covariates: b.covariates });
        const dist = this.vae.generative(z, { covariates: b.covariates, context: this.vae.likelihood.observe?.(b.x) });
        if (!dist.parameters) throw new ConfigError(`the ${this.vae.likelihood.kind} likelihood's distribution does not report its parameters`);
        return dist.parameters();
      });
      for (const [name, t] of Object.entries(params)) {
        out[name] ??= new Float32Array(n * g);
        // read outside tidy: tidy walks a returned typed array element by element (~1 s for 512 × 2000)
        const full = tf.broadcastTo(t, [rows.length, g]);
        out[name].set(full.dataSync() as Float32Array, start * g);
        full.dispose();
      }
      tf.dispose([params, b.x, b.covariates]);
    });
    return Object.fromEntries(Object.entries(out).map(([k, data]) => [k, { data, nRows: n, nCols: g }]));
  }

  /** Importance-weighted log p(x) per cell (K samples; Burda et al. 2016): held-out fit. */
  marginalLogLikelihood(adata: CountMatrix, options: { samples?: number; seed?: number; batchSize?: number } = {}): Float32Array {
    const k = options.samples ?? 100;
    return this.mapCells(adata, 1, options.batchSize ?? 64, (b, i) => tf.reshape(this.vae.marginalLogLikelihood(b.x, k, { covariates: b.covariates, seed: (options.seed ?? 0) + i }), [-1, 1])).data;
  }

  /** Saves to a model directory (atomic): the VAE plus the genes and covariate encoding. */
  async save(dir: string, extra: JsonObject = {}): Promise<void> {
    await saveModel(this.vae, dir, {
      ...extra,
      omics: { kind: 'scvi', options: this.options as unknown as JsonObject, genes: [...this.genes], covariateBlocks: this.covariateBlocks as unknown as JsonObject[] },
    });
  }

  /** Loads a model saved by {@link ScviModel.save}. */
  static async load(dir: string): Promise<ScviModel> {
    const { model, manifest } = await loadModelWithManifest(dir);
    const omics = manifest.omics as JsonObject | undefined;
    if (!(model instanceof VAE) || !omics || omics.kind !== 'scvi') {
      model.dispose();
      throw new ModelFormatError(`${dir} is not an @vaekit/omics scVI model`, 'load it with loadModel from @vaekit/core instead');
    }
    return new ScviModel(model, omics.options as unknown as ResolvedScviOptions, omics.genes as string[], omics.covariateBlocks as unknown as CovariateBlock[]);
  }

  /**
   * What `exportModel` from @vaekit/onnx needs: the VAE, its genes (input order) and the categorical
   * covariates in one-hot column order: `const { model, ...opts } = m.onnxExport(); await exportModel(model, dir, opts)`.
   */
  onnxExport(): { model: VAE; featureNames: string[]; covariates: { name: string; categories: string[] }[] } {
    const covariates = this.covariateBlocks.flatMap((b) => (b.kind === 'categorical' ? [{ name: b.column, categories: [...b.levels] }] : []));
    return { model: this.vae, featureNames: [...this.genes], covariates };
  }

  dispose(): void {
    this.vae.dispose();
  }

  /** The covariate matrix with the batch block set to `level` for every cell. */
  private withBatch(covariates: Tensor | undefined, level: string): Tensor {
    const block = this.covariateBlocks.find((b) => b.column === this.options.batchKey);
    if (!covariates || !block || block.kind !== 'categorical') throw new ConfigError('transformBatch needs a model trained with a batchKey');
    const j = block.levels.indexOf(level);
    if (j < 0) throw new InputError(`transformBatch "${level}" is not a batch the model knows`, `batches: ${block.levels.join(', ')}`);
    return tf.tidy(() => {
      const [n, width] = covariates.shape as [number, number];
      const cols = tf.split(covariates, [block.offset, block.levels.length, width - block.offset - block.levels.length], 1);
      const onehot = tf.tile(tf.cast(tf.oneHot(tf.tensor1d([j], 'int32'), block.levels.length), 'float32'), [n, 1]);
      return tf.concat([cols[0], onehot, cols[2]], 1);
    });
  }

  /** Runs `fn` on batches of cells and stacks its [b, width] outputs. */
  private mapCells(adata: CountMatrix, width: number, batchSize: number | undefined, fn: (b: { x: Tensor; covariates?: Tensor }, i: number) => Tensor): DenseMatrix {
    const source = this.dataSource(adata);
    const n = source.size;
    const data = new Float32Array(n * width);
    let i = 0;
    forEachBatch(n, batchSize, (rows, start) => {
      const b = source.batch(rows);
      const y = tf.tidy(() => fn({ x: b.x, covariates: b.covariates }, i++));
      data.set(y.dataSync() as Float32Array, start * width); // outside tidy (see likelihoodParameters)
      y.dispose();
      tf.dispose([b.x, b.covariates]);
    });
    return { data, nRows: n, nCols: width };
  }
}

function forEachBatch(n: number, batchSize = 512, f: (rows: number[], start: number) => void): void {
  for (let start = 0; start < n; start += batchSize) {
    f(Array.from({ length: Math.min(batchSize, n - start) }, (_, k) => start + k), start);
  }
}
