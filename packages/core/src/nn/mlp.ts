import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';
import type { JsonObject } from '../plugins/contracts.js';
import { activations } from './activations.js';
import { Dense } from './dense.js';
import { LayerNorm } from './layer-norm.js';
import { deriveSeed, type ParamStore } from './params.js';

/** Config of a multilayer perceptron trunk (the hidden layers; heads are added by the caller). */
export interface MlpConfig {
  /** Hidden layer widths, e.g. [256, 128]. May be empty. */
  hidden: number[];
  /** A registered activation kind ('relu', 'elu', 'gelu', …). */
  activation: string;
  layerNorm: boolean;
  /** Dropout rate in [0, 1) after every hidden layer, active in training only. */
  dropout: number;
  /** Concatenate the covariates to the input of EVERY layer (scVI-style), not only the first. */
  injectCovariates: boolean;
}

export const MLP_DEFAULTS: MlpConfig = { hidden: [128], activation: 'relu', layerNorm: false, dropout: 0, injectCovariates: true };

/** Fills defaults and validates; throws ConfigError naming the bad field. */
export function parseMlpConfig(raw: JsonObject, where: string): MlpConfig {
  const cfg = { ...MLP_DEFAULTS, ...(raw as Partial<MlpConfig>) };
  if (!Array.isArray(cfg.hidden) || cfg.hidden.some((h) => !Number.isInteger(h) || h <= 0)) {
    throw new ConfigError(`${where}: hidden must be an array of positive integers, got ${JSON.stringify(cfg.hidden)}`, 'e.g. { "hidden": [256, 128] }');
  }
  activations.get(cfg.activation);
  if (typeof cfg.dropout !== 'number' || !(cfg.dropout >= 0 && cfg.dropout < 1)) {
    throw new ConfigError(`${where}: dropout must be in [0, 1), got ${String(cfg.dropout)}`);
  }
  return { hidden: [...cfg.hidden], activation: cfg.activation, layerNorm: !!cfg.layerNorm, dropout: cfg.dropout, injectCovariates: !!cfg.injectCovariates };
}

/** One hidden layer as the ONNX exporter and the forward pass both read it. */
export interface MlpLayer {
  dense: Dense;
  norm?: LayerNorm;
  /** Whether covariates are concatenated to this layer's input. */
  takesCovariates: boolean;
}

/** Hidden layers: [concat covariates] → dense → [layer norm] → activation → [dropout]. */
export class Mlp {
  readonly layers: MlpLayer[] = [];
  readonly outputDim: number;
  constructor(
    store: ParamStore,
    readonly config: MlpConfig,
    readonly inputDim: number,
    readonly covariateDim: number,
  ) {
    let width = inputDim;
    config.hidden.forEach((h, i) => {
      const takesCovariates = covariateDim > 0 && (i === 0 || config.injectCovariates);
      const dense = new Dense(store, `layer${i}`, width + (takesCovariates ? covariateDim : 0), h);
      const norm = config.layerNorm ? new LayerNorm(store, `layer${i}/norm`, h) : undefined;
      this.layers.push({ dense, norm, takesCovariates });
      width = h;
    });
    this.outputDim = width;
  }

  /** Whether the layer after the trunk (a head) should also see the covariates. */
  get headTakesCovariates(): boolean {
    return this.covariateDim > 0 && (this.layers.length === 0 || this.config.injectCovariates);
  }

  apply(x: Tensor, covariates: Tensor | undefined, training: boolean, seed: number | undefined): Tensor {
    return tf.tidy(() => {
      const act = activations.get(this.config.activation);
      let h = x;
      this.layers.forEach((layer, i) => {
        const input = layer.takesCovariates ? concatCovariates(h, covariates) : h;
        let y: Tensor;
        if (!layer.norm && act.kind === 'relu') {
          y = layer.dense.apply(input, 'relu'); // fused into the multiply: one kernel, one pass
        } else {
          y = layer.dense.apply(input);
          if (layer.norm) y = layer.norm.apply(y);
          y = act.apply(y);
        }
        if (training && this.config.dropout > 0) {
          y = tf.dropout(y, this.config.dropout, undefined, deriveSeed(seed ?? 0, 'dropout', i));
        }
        h = y;
      });
      return h;
    });
  }
}

/** [.., F] ++ [.., C] → [.., F + C]; a [B, C] covariate matrix is broadcast over a time axis. */
export function concatCovariates(h: Tensor, covariates: Tensor | undefined): Tensor {
  if (!covariates) throw new ConfigError('this network was built with covariates, but none were given', 'pass the covariates used in training');
  if (h.rank === 3 && covariates.rank === 2) {
    const c = tf.broadcastTo(tf.expandDims(covariates, 1), [h.shape[0], h.shape[1], covariates.shape[1]] as number[]);
    return tf.concat([h, c], -1);
  }
  return tf.concat([h, covariates], -1);
}
