import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';
import type { ParamStore } from '../nn/params.js';
import type { CovariateSpec, HeadSpec, LikelihoodContext } from '../plugins/contracts.js';

/**
 * Where the NB inverse dispersion θ comes from (scVI's `dispersion` options):
 * - 'gene': one learned θ per feature;
 * - 'gene-covariate': one per feature and level of a categorical covariate (scVI 'gene-batch');
 * - 'gene-cell': a decoder head, so θ varies per sample and feature.
 */
/** log θ is clamped to this range (θ in [1e-4, 1e6]) for float32 stability. */
export const LOG_THETA_RANGE = [-9.2, 13.8] as const;

export type DispersionMode = 'gene' | 'gene-covariate' | 'gene-cell';

export interface DispersionConfig {
  dispersion: DispersionMode;
  /** For 'gene-covariate': the categorical covariate whose levels get their own θ. */
  dispersionCovariate?: string;
}

/** Validates the dispersion fields of a count-likelihood config. */
export function parseDispersion(raw: Record<string, unknown>, kind: string): DispersionConfig {
  const dispersion = (raw.dispersion ?? 'gene') as DispersionMode;
  if (!['gene', 'gene-covariate', 'gene-cell'].includes(dispersion)) {
    throw new ConfigError(`${kind} likelihood: dispersion must be "gene", "gene-covariate" or "gene-cell", got ${JSON.stringify(raw.dispersion)}`);
  }
  if (dispersion === 'gene-covariate' && typeof raw.dispersionCovariate !== 'string') {
    throw new ConfigError(`${kind} likelihood: dispersion "gene-covariate" needs dispersionCovariate (the name of a categorical covariate, e.g. "batch")`);
  }
  return dispersion === 'gene-covariate' ? { dispersion, dispersionCovariate: raw.dispersionCovariate as string } : { dispersion };
}

/** The θ source for one likelihood instance. */
export class Dispersion {
  readonly logTheta: Variable | undefined;
  /** Column range of the covariate block that selects θ (gene-covariate). */
  private readonly block: { start: number; size: number } | undefined;

  constructor(
    readonly config: DispersionConfig,
    store: ParamStore,
    readonly featureDim: number,
    covariates: readonly CovariateSpec[],
  ) {
    if (config.dispersion === 'gene') {
      this.logTheta = store.create('logTheta', [featureDim], 'zeros');
    } else if (config.dispersion === 'gene-covariate') {
      let start = 0;
      for (const c of covariates) {
        const size = c.type === 'categorical' ? (c.levels?.length ?? 0) : 1;
        if (c.name === config.dispersionCovariate) {
          if (c.type !== 'categorical') throw new ConfigError(`dispersion covariate "${c.name}" must be categorical`);
          this.block = { start, size };
        }
        start += size;
      }
      if (!this.block) {
        throw new ConfigError(`dispersion covariate "${config.dispersionCovariate}" is not one of the model's covariates (${covariates.map((c) => c.name).join(', ') || 'none'})`);
      }
      this.logTheta = store.create('logTheta', [this.block.size, featureDim], 'zeros');
    }
  }

  heads(): HeadSpec[] {
    return this.config.dispersion === 'gene-cell' ? [{ name: 'logTheta', size: this.featureDim, activation: 'linear' }] : [];
  }

  /**
   * θ, [F] or [B, F] (the NB broadcasts it and sums its gradient back itself: no Tile, whose
   * gradient is slow on wasm); clamped to [1e-4, 1e6] in log space for float32 stability.
   */
  theta(heads: Record<string, Tensor>, ctx: LikelihoodContext): Tensor {
    return tf.tidy(() => {
      let logTheta: Tensor;
      if (this.config.dispersion === 'gene-cell') logTheta = heads.logTheta;
      else if (this.block) {
        const cov = ctx.covariates;
        if (!cov) throw new ConfigError(`dispersion per "${this.config.dispersionCovariate}" needs the covariates`);
        const onehot = tf.slice(cov, [0, this.block.start], [-1, this.block.size]);
        logTheta = tf.matMul(onehot, this.logTheta as Tensor);
      } else logTheta = this.logTheta as Tensor;
      return tf.exp(tf.clipByValue(logTheta, LOG_THETA_RANGE[0], LOG_THETA_RANGE[1]));
    });
  }
}
