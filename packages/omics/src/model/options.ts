import { ConfigError, inputTransforms, likelihoods, priors, type JsonObject, type VaeConfig } from '@vaekit/core';
import type { CovariateBlock } from '../matrix/covariates.js';

/** How an scVI-style model is built. Defaults follow scvi-tools' SCVI. */
export interface ScviOptions {
  /** A registered count likelihood: 'nb' (default), 'zinb' or 'poisson'. */
  likelihood?: string;
  /** θ per gene (default), per gene × batch, or per gene × cell (a decoder head). */
  dispersion?: 'gene' | 'gene-batch' | 'gene-cell';
  /** obs column with the batch (sample, protocol, plate): injected into every decoder layer. */
  batchKey?: string;
  /** Further categorical (or numeric) obs columns to condition on. */
  covariates?: string[];
  /**
   * A registered input transform for the encoder: 'log1p' (scvi-tools' default, log1p of raw counts)
   * or 'log1p-cp10k' (log1p of counts per 10k: the encoder cannot read library size off its input).
   */
  encoderInput?: string;
  /** Feed the covariates to the encoder too (scVI's encode_covariates; default false). */
  encodeCovariates?: boolean;
  latentDim?: number;
  /** Hidden layer widths of encoder and decoder (default [128]). */
  hidden?: number[];
  dropout?: number;
  /** A registered prior: 'standard-normal' (default), 'conditional-gaussian' p(z | batch), 'mixture-of-gaussians'. */
  prior?: string;
  /** Components of the mixture-of-Gaussians prior (default 10). */
  mixtureComponents?: number;
  /** Read counts from this layer instead of X. */
  layer?: string;
  seed?: number;
}

/** The options with defaults filled in, as saved in model.json. */
export type ResolvedScviOptions = Required<Omit<ScviOptions, 'batchKey' | 'layer'>> & { batchKey?: string; layer?: string };

export function resolveScviOptions(options: ScviOptions): ResolvedScviOptions {
  const likelihood = options.likelihood ?? 'nb';
  likelihoods.get(likelihood);
  inputTransforms.get(options.encoderInput ?? 'log1p');
  const prior = options.prior ?? 'standard-normal';
  priors.get(prior);
  const dispersion = options.dispersion ?? 'gene';
  if (!['gene', 'gene-batch', 'gene-cell'].includes(dispersion)) throw new ConfigError(`dispersion must be "gene", "gene-batch" or "gene-cell", got "${dispersion}"`);
  if (dispersion === 'gene-batch' && !options.batchKey) throw new ConfigError('dispersion "gene-batch" needs a batchKey', 'name the obs column that holds the batch');
  if (prior === 'conditional-gaussian' && !options.batchKey && !options.covariates?.length) {
    throw new ConfigError('the conditional-gaussian prior p(z | batch) needs a batchKey or covariates');
  }
  const out: ResolvedScviOptions = {
    likelihood,
    dispersion,
    covariates: [...(options.covariates ?? [])],
    encoderInput: options.encoderInput ?? 'log1p',
    encodeCovariates: options.encodeCovariates ?? false,
    latentDim: options.latentDim ?? 10,
    hidden: [...(options.hidden ?? [128])],
    dropout: options.dropout ?? 0.1,
    prior,
    mixtureComponents: options.mixtureComponents ?? 10,
    seed: options.seed ?? 0,
  };
  if (options.batchKey) out.batchKey = options.batchKey;
  if (options.layer) out.layer = options.layer;
  if (out.batchKey && out.covariates.includes(out.batchKey)) throw new ConfigError(`"${out.batchKey}" is both the batchKey and a covariate`);
  return out;
}

/** The obs columns the model conditions on, batch first. */
export function covariateColumns(o: ResolvedScviOptions): string[] {
  return [...(o.batchKey ? [o.batchKey] : []), ...o.covariates];
}

/** The core VAE config for these options, genes and covariate encoding. */
export function vaeConfig(o: ResolvedScviOptions, genes: readonly string[], blocks: readonly CovariateBlock[]): VaeConfig {
  const likelihoodConfig: JsonObject = { libraryOffset: true };
  if (o.likelihood !== 'poisson') {
    likelihoodConfig.dispersion = o.dispersion === 'gene-batch' ? 'gene-covariate' : o.dispersion;
    if (o.dispersion === 'gene-batch') likelihoodConfig.dispersionCovariate = o.batchKey as string;
  }
  return {
    featureDim: genes.length,
    latentDim: o.latentDim,
    featureNames: [...genes],
    covariates: blocks.map((b) => (b.kind === 'categorical' ? { name: b.column, type: 'categorical' as const, levels: [...b.levels] } : { name: b.column, type: 'continuous' as const })),
    encoder: { kind: 'mlp', config: { hidden: o.hidden, dropout: o.dropout, inputTransform: o.encoderInput, useCovariates: o.encodeCovariates } },
    decoder: { kind: 'mlp', config: { hidden: [...o.hidden].reverse(), dropout: 0 } },
    likelihood: { kind: o.likelihood, config: likelihoodConfig },
    prior: { kind: o.prior, config: o.prior === 'mixture-of-gaussians' ? { components: o.mixtureComponents } : {} },
    seed: o.seed,
  };
}
