import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import {
  ConfigError,
  deriveSeed,
  Dense,
  DiagGaussian,
  Gru,
  inputTransforms,
  InputError,
  ParamStore,
  type Encoder,
  type EncoderDims,
  type EncoderPlugin,
  type JsonObject,
  type RunContext,
} from '@vaekit/core';

export interface BiGruEncoderConfig {
  /** Units of each direction's GRU; default 64. */
  units: number;
  /** Registered input transform ('log1p' for counts, default; 'identity' for traces). */
  inputTransform: string;
  /** Gate activation of both GRUs; default 'sigmoid'. */
  recurrentActivation: 'sigmoid' | 'hardSigmoid';
  /** Dropout rate on the GRU states in training; default 0. */
  dropout: number;
  /** Feed the covariates c_t to the encoder too (q(z | x, c)); default true. */
  useCovariates: boolean;
  /** Log-variance clamp for float32 stability; default 10. */
  maxLogVar: number;
}

/**
 * q(z_{1:T} | x_{1:T}) = Π_t N(μ_t, diag(σ_t²)) from a bidirectional GRU: the forward GRU reads
 * x_1..x_t, the backward one x_T..x_t, and dense heads map [h→_t, h←_t] to μ_t and log σ_t². Input
 * [B, T, F] (+ covariates [B, T, C]) → a DiagGaussian [B, T, D].
 */
export class BiGruEncoder implements Encoder {
  readonly kind = 'bigru';
  readonly forward: Gru;
  readonly backward: Gru;
  readonly meanHead: Dense;
  readonly logVarHead: Dense;
  readonly covariateDim: number;
  private readonly store: ParamStore;

  constructor(
    readonly config: BiGruEncoderConfig & JsonObject,
    readonly dims: EncoderDims,
    seed = 0,
  ) {
    this.store = new ParamStore('encoder', seed);
    this.covariateDim = config.useCovariates ? dims.covariateDim : 0;
    const input = dims.inputDim + this.covariateDim;
    const options = { recurrentActivation: config.recurrentActivation };
    this.forward = new Gru(this.store, 'forward', input, config.units, options);
    this.backward = new Gru(this.store, 'backward', input, config.units, { ...options, goBackwards: true });
    this.meanHead = new Dense(this.store, 'mean', 2 * config.units, dims.latentDim);
    this.logVarHead = new Dense(this.store, 'logvar', 2 * config.units, dims.latentDim);
  }

  get inputDim(): number {
    return this.dims.inputDim;
  }
  get latentDim(): number {
    return this.dims.latentDim;
  }

  /** The encoder's input: transformed x, with the covariates appended when the encoder uses them. */
  input(x: Tensor, covariates?: Tensor): Tensor {
    return tf.tidy(() => {
      const xt = inputTransforms.get(this.config.inputTransform).apply(x);
      if (this.covariateDim === 0) return xt;
      if (!covariates || covariates.rank !== 3 || covariates.shape[2] !== this.covariateDim) {
        throw new InputError(`bigru encoder: expected covariates [batch, time, ${this.covariateDim}], got ${covariates ? `[${covariates.shape}]` : 'none'}`);
      }
      return tf.concat([xt, covariates], 2);
    });
  }

  encode(x: Tensor, ctx: RunContext = {}): DiagGaussian {
    if (x.rank !== 3 || x.shape[2] !== this.inputDim) {
      throw new InputError(`bigru encoder: input has shape [${x.shape}], expected [batch, time, ${this.inputDim}]`, 'pass x as [trials, bins, neurons]');
    }
    const [loc, scale] = tf.tidy(() => {
      const input = this.input(x, ctx.covariates);
      let h = tf.concat([this.forward.apply(input), this.backward.apply(input)], 2);
      if (ctx.training && this.config.dropout > 0) h = tf.dropout(h, this.config.dropout, undefined, deriveSeed(ctx.seed ?? 0, 'encoder-dropout'));
      const lv = tf.clipByValue(this.logVarHead.apply(h), -this.config.maxLogVar, this.config.maxLogVar);
      return [this.meanHead.apply(h), tf.exp(tf.mul(lv, 0.5))];
    });
    return new DiagGaussian(loc, scale);
  }

  /** The GRUs' recurrent kernels (for an L2 penalty on recurrent weights). */
  recurrentWeights(): Variable[] {
    return [this.forward.recurrentKernel, this.backward.recurrentKernel];
  }

  variables(): Record<string, Variable> {
    return this.store.variables();
  }

  dispose(): void {
    this.store.dispose();
  }
}

export const biGruEncoder: EncoderPlugin = {
  kind: 'bigru',
  parseConfig(raw) {
    const cfg = { units: 64, inputTransform: 'log1p', recurrentActivation: 'sigmoid', dropout: 0, useCovariates: true, maxLogVar: 10, ...raw };
    if (!(Number.isInteger(cfg.units) && (cfg.units as number) >= 1)) throw new ConfigError(`bigru encoder: units must be a positive integer, got ${JSON.stringify(cfg.units)}`, 'multiples of 4 run the fastest kernels');
    inputTransforms.get(String(cfg.inputTransform));
    if (cfg.recurrentActivation !== 'sigmoid' && cfg.recurrentActivation !== 'hardSigmoid') throw new ConfigError(`bigru encoder: recurrentActivation must be "sigmoid" or "hardSigmoid", got ${JSON.stringify(cfg.recurrentActivation)}`);
    if (!(typeof cfg.dropout === 'number' && cfg.dropout >= 0 && cfg.dropout < 1)) throw new ConfigError(`bigru encoder: dropout must be in [0, 1), got ${JSON.stringify(cfg.dropout)}`);
    if (typeof cfg.useCovariates !== 'boolean') throw new ConfigError('bigru encoder: useCovariates must be true or false');
    if (!(typeof cfg.maxLogVar === 'number' && cfg.maxLogVar > 0)) throw new ConfigError('bigru encoder: maxLogVar must be a positive number');
    return { units: cfg.units, inputTransform: String(cfg.inputTransform), recurrentActivation: cfg.recurrentActivation, dropout: cfg.dropout, useCovariates: cfg.useCovariates, maxLogVar: cfg.maxLogVar };
  },
  create(config, dims, seed) {
    return new BiGruEncoder(this.parseConfig(config) as BiGruEncoderConfig & JsonObject, dims, seed);
  },
};
