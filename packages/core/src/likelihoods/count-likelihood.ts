import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Distribution } from '../distributions/distribution.js';
import { ConfigError } from '../errors.js';
import { ParamStore } from '../nn/params.js';
import type { HeadSpec, JsonObject, Likelihood, LikelihoodContext, LikelihoodDims } from '../plugins/contracts.js';
import { logMeanFromHead, observeLibrary } from './library-offset.js';
import { validateCounts } from './validate.js';

export interface CountLikelihoodConfig {
  /** Use the observed library size as an offset: mean = library × softmax(decoder). Default true. */
  libraryOffset: boolean;
}

/** Parses the fields every count likelihood shares. */
export function parseCountConfig(raw: JsonObject, kind: string): CountLikelihoodConfig {
  const libraryOffset = raw.libraryOffset ?? true;
  if (typeof libraryOffset !== 'boolean') throw new ConfigError(`${kind} likelihood: libraryOffset must be true or false`);
  return { libraryOffset };
}

/**
 * Template for count likelihoods (Poisson, NB, ZINB): the mean head with the optional library-size
 * offset, count validation, and variable bookkeeping. Subclasses add their heads and build the
 * distribution from log μ.
 */
export abstract class CountLikelihood<C extends CountLikelihoodConfig & JsonObject> implements Likelihood {
  abstract readonly kind: string;
  protected readonly store: ParamStore;

  constructor(
    readonly config: C,
    readonly dims: LikelihoodDims,
    seed = 0,
  ) {
    this.store = new ParamStore(dims.name ?? 'likelihood', seed);
  }

  get featureDim(): number {
    return this.dims.featureDim;
  }

  heads(): HeadSpec[] {
    return [{ name: 'mean', size: this.featureDim, activation: 'linear' }, ...this.extraHeads()];
  }

  protected extraHeads(): HeadSpec[] {
    return [];
  }

  observe(x: Tensor): LikelihoodContext {
    return this.config.libraryOffset ? observeLibrary(x) : {};
  }

  distribution(heads: Record<string, Tensor>, ctx: LikelihoodContext): Distribution {
    const logMu = logMeanFromHead(heads.mean, ctx, this.config.libraryOffset, this.kind);
    return this.fromLogMean(logMu, heads, ctx);
  }

  protected abstract fromLogMean(logMu: Tensor, heads: Record<string, Tensor>, ctx: LikelihoodContext): Distribution;

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
