import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { DiagGaussian } from '../distributions/diag-gaussian.js';
import { ConfigError } from '../errors.js';
import { Dense } from '../nn/dense.js';
import { concatCovariates, Mlp, parseMlpConfig, type MlpConfig } from '../nn/mlp.js';
import { ParamStore } from '../nn/params.js';
import { inputTransforms } from '../nn/transforms.js';
import type { Encoder, EncoderDims, EncoderPlugin, JsonObject, RunContext } from '../plugins/contracts.js';

export interface MlpEncoderConfig extends MlpConfig {
  /** Registered input transform applied first ('log1p' for counts, 'identity'). */
  inputTransform: string;
  /** Feed covariates to the encoder at all (scVI: optional). */
  useCovariates: boolean;
  /** Log-variance is clamped to [-maxLogVar, maxLogVar] for float32 stability. */
  maxLogVar: number;
}

const DEFAULTS = { inputTransform: 'identity', useCovariates: false, maxLogVar: 15 };

/** q(z | x, c) = N(μ(h), diag(exp(logvar(h)))) with h an MLP trunk. */
export class MlpEncoder implements Encoder {
  readonly kind = 'mlp';
  readonly trunk: Mlp;
  readonly meanHead: Dense;
  readonly logVarHead: Dense;
  private readonly store: ParamStore;
  readonly covariateDim: number;

  constructor(
    readonly config: MlpEncoderConfig & JsonObject,
    readonly dims: EncoderDims,
    seed = 0,
  ) {
    this.store = new ParamStore('encoder', seed);
    this.covariateDim = config.useCovariates ? dims.covariateDim : 0;
    this.trunk = new Mlp(this.store, config, dims.inputDim, this.covariateDim);
    const headIn = this.trunk.outputDim + (this.trunk.headTakesCovariates ? this.covariateDim : 0);
    this.meanHead = new Dense(this.store, 'mean', headIn, dims.latentDim);
    this.logVarHead = new Dense(this.store, 'logvar', headIn, dims.latentDim);
  }

  get inputDim(): number {
    return this.dims.inputDim;
  }
  get latentDim(): number {
    return this.dims.latentDim;
  }

  encode(x: Tensor, ctx: RunContext = {}): DiagGaussian {
    const eventRank = 1;
    const [loc, scale] = tf.tidy(() => {
      const cov = this.covariateDim > 0 ? ctx.covariates : undefined;
      const input = inputTransforms.get(this.config.inputTransform).apply(x);
      let h = this.trunk.apply(input, cov, ctx.training ?? false, ctx.seed);
      if (this.trunk.headTakesCovariates) h = concatCovariates(h, cov);
      const mu = this.meanHead.apply(h);
      const lv = tf.clipByValue(this.logVarHead.apply(h), -this.config.maxLogVar, this.config.maxLogVar);
      return [mu, tf.exp(tf.mul(lv, 0.5))];
    });
    return new DiagGaussian(loc, scale, eventRank);
  }

  variables(): Record<string, Variable> {
    return this.store.variables();
  }

  dispose(): void {
    this.store.dispose();
  }
}

export const mlpEncoder: EncoderPlugin = {
  kind: 'mlp',
  parseConfig(raw) {
    const base = parseMlpConfig(raw, 'mlp encoder');
    const merged = { ...DEFAULTS, ...raw, ...base };
    inputTransforms.get(String(merged.inputTransform));
    if (!(typeof merged.maxLogVar === 'number' && merged.maxLogVar > 0)) {
      throw new ConfigError(`mlp encoder: maxLogVar must be a positive number, got ${String(merged.maxLogVar)}`);
    }
    return {
      ...base,
      inputTransform: String(merged.inputTransform),
      useCovariates: Boolean(merged.useCovariates),
      maxLogVar: merged.maxLogVar,
    } satisfies MlpEncoderConfig as unknown as JsonObject;
  },
  create(config, dims, seed) {
    return new MlpEncoder(this.parseConfig(config) as MlpEncoderConfig & JsonObject, dims, seed);
  },
};
