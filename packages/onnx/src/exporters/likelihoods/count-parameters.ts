import { ConfigError } from '@vaekit/core/errors';
import { LOG_THETA_RANGE, NbLikelihood, type Likelihood } from '@vaekit/core';
import type { GraphBuilder } from '../../graph/graph-builder.js';
import { attr } from '../../proto/attributes.js';
import { lowerExpClip } from '../../lower/log-variance.js';
import type { NetworkInputs } from '../network-inputs.js';

/** The count likelihoods' shared config field. */
export function libraryOffset(likelihood: Likelihood): boolean {
  return likelihood.config.libraryOffset !== false;
}

/**
 * The count mean μ as core computes it: with the library offset exp(log_softmax(h) + log ℓ)
 * (ℓ the `library` input), without it exp(h).
 */
export function lowerCountMean(likelihood: Likelihood, g: GraphBuilder, head: string, inputs: NetworkInputs): string {
  const logMu = libraryOffset(likelihood) ? g.op('Add', [g.op('LogSoftmax', [head], { axis: attr.int(-1) }), g.op('Log', [inputs.library()])]) : head;
  return g.op('Exp', [logMu]);
}

/**
 * θ broadcast to μ's shape [batch, genes], from the NB likelihood's Dispersion: a learned θ per
 * gene, per gene and level of a categorical covariate (the one-hot block selects the row), or a
 * decoder head; log θ clipped to core's LOG_THETA_RANGE.
 */
export function lowerTheta(likelihood: Likelihood, g: GraphBuilder, heads: Record<string, string>, inputs: NetworkInputs, mean: string): string {
  if (!(likelihood instanceof NbLikelihood)) throw new ConfigError(`ONNX export: the ${likelihood.kind} likelihood has no NB dispersion`);
  const d = likelihood.dispersion;
  const [lo, hi] = LOG_THETA_RANGE;
  if (d.config.dispersion === 'gene-cell') return lowerExpClip(g, heads.logTheta, lo, hi, 'theta');
  const logTheta = g.weight('likelihood/logTheta', d.logTheta as NonNullable<typeof d.logTheta>);
  if (d.config.dispersion === 'gene') return g.op('Expand', [lowerExpClip(g, logTheta, lo, hi, 'theta'), g.op('Shape', [mean])]);
  // gene-covariate: the covariate's one-hot block [batch, levels] · log θ [levels, genes]
  let start = 0;
  let size = 0;
  for (const c of inputs.dims.covariates) {
    const width = c.type === 'categorical' ? (c.levels?.length ?? 0) : 1;
    if (c.name === d.config.dispersionCovariate) {
      size = width;
      break;
    }
    start += width;
  }
  const block = g.op('Slice', [inputs.covariates(), g.int64s('theta/start', [start]), g.int64s('theta/end', [start + size]), g.int64s('theta/axes', [1])]);
  return lowerExpClip(g, g.op('MatMul', [block, logTheta]), lo, hi, 'theta');
}
