import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import {
  ConfigError,
  Dispersion,
  log1p,
  logMeanFromHead,
  observeLibrary,
  ParamStore,
  softplus,
  validateCounts,
  type DispersionConfig,
  type DispersionMode,
  type HeadSpec,
  type JsonObject,
  type Likelihood,
  type LikelihoodContext,
  type LikelihoodDims,
  type LikelihoodPlugin,
} from '@vaekit/core';
import { NbMixture } from '../distributions/nb-mixture.js';

export interface NbMixtureConfig extends DispersionConfig {
  /**
   * Background mean = observed library size × softmax(background head) (true, default), or
   * exp(background head) (false; totalVI decodes the background rate without an offset and
   * learns a per-protein background prior instead, which this plugin does not).
   */
  libraryOffset: boolean;
}

const MODES: DispersionMode[] = ['gene', 'gene-covariate', 'gene-cell'];

/**
 * The protein likelihood of totalVI: every count is a two-component NB mixture of a background
 * (ambient antibody, non-specific binding) and a foreground (specific binding) whose mean is the
 * background's times α ≥ 1. Decoder heads per feature: `background` (log-mean logits), `foreground`
 * (α = 1 + softplus(h)) and `mixingLogits` (logit of the background probability); θ per feature
 * (or per feature × covariate level, or a decoder head) as core's NB.
 */
export class NbMixtureLikelihood implements Likelihood {
  readonly kind = 'nb-mixture';
  readonly dispersion: Dispersion;
  private readonly store: ParamStore;

  constructor(
    readonly config: NbMixtureConfig & JsonObject,
    readonly dims: LikelihoodDims,
    seed = 0,
  ) {
    this.store = new ParamStore(dims.name ?? 'likelihood', seed);
    this.dispersion = new Dispersion(config, this.store, dims.featureDim, dims.covariates);
  }

  get featureDim(): number {
    return this.dims.featureDim;
  }

  heads(): HeadSpec[] {
    const f = this.featureDim;
    return [
      { name: 'background', size: f, activation: 'linear' },
      { name: 'foreground', size: f, activation: 'linear' },
      { name: 'mixingLogits', size: f, activation: 'linear' },
      ...this.dispersion.heads(),
    ];
  }

  observe(x: Tensor): LikelihoodContext {
    return this.config.libraryOffset ? observeLibrary(x) : {};
  }

  distribution(heads: Record<string, Tensor>, ctx: LikelihoodContext): NbMixture {
    const [logBackground, logForeground, theta] = tf.tidy(() => {
      const logB = logMeanFromHead(heads.background, ctx, this.config.libraryOffset, this.kind);
      return [logB, tf.add(logB, log1p(softplus(heads.foreground))), this.dispersion.theta(heads, ctx)];
    });
    return new NbMixture({ logBackground, logForeground, theta, mixingLogits: heads.mixingLogits });
  }

  validate(x: ArrayLike<number> | Tensor, where = 'x'): void {
    validateCounts(x, where, this.featureDim, this.kind);
  }

  variables(): Record<string, Variable> {
    return this.store.variables();
  }
  dispose(): void {
    this.store.dispose();
  }
}

export function parseNbMixtureConfig(raw: JsonObject): NbMixtureConfig & JsonObject {
  const libraryOffset = raw.libraryOffset ?? true;
  if (typeof libraryOffset !== 'boolean') throw new ConfigError(`nb-mixture likelihood: libraryOffset must be true or false, got ${JSON.stringify(raw.libraryOffset)}`);
  const dispersion = (raw.dispersion ?? 'gene') as DispersionMode;
  if (!MODES.includes(dispersion)) throw new ConfigError(`nb-mixture likelihood: dispersion must be one of ${MODES.join(', ')}, got ${JSON.stringify(raw.dispersion)}`);
  if (dispersion === 'gene-covariate') {
    if (typeof raw.dispersionCovariate !== 'string') throw new ConfigError('nb-mixture likelihood: dispersion "gene-covariate" needs dispersionCovariate (the name of a categorical covariate)');
    return { libraryOffset, dispersion, dispersionCovariate: raw.dispersionCovariate };
  }
  return { libraryOffset, dispersion };
}

export const nbMixtureLikelihood: LikelihoodPlugin = {
  kind: 'nb-mixture',
  parseConfig: (raw) => parseNbMixtureConfig(raw),
  create(config, dims, seed) {
    return new NbMixtureLikelihood(parseNbMixtureConfig(config), dims, seed);
  },
};
