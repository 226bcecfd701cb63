import { InputError } from '@vaekit/core/errors';
import { Registry } from '@vaekit/core/registry';
import type { ManifestPrior } from './manifest.js';
import type { Rng } from './rng.js';

/** Draws z ~ p(z | c) from a prior written in the manifest; registered by prior kind. */
export interface PriorSampler {
  readonly kind: string;
  /** n draws, [n, latentDim] row-major; `covariates` is the [n, width] one-hot matrix (conditional priors). */
  sample(prior: ManifestPrior, n: number, latentDim: number, rng: Rng, covariates: Float32Array): Float32Array;
}

export const priorSamplers = new Registry<PriorSampler>('prior sampler');

priorSamplers.register({
  kind: 'standard-normal',
  sample: (_p, n, d, rng) => Float32Array.from({ length: n * d }, () => rng.normal()),
});

priorSamplers.register({
  kind: 'mixture-of-gaussians',
  sample(p, n, d, rng) {
    const { logits, means, logScales } = p as Extract<ManifestPrior, { kind: 'mixture-of-gaussians' }>;
    const z = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const k = rng.categorical(logits);
      for (let j = 0; j < d; j++) z[i * d + j] = means[k][j] + Math.exp(logScales[k][j]) * rng.normal();
    }
    return z;
  },
});

priorSamplers.register({
  // p(z | c) = N(c·M, diag(exp(2·clip(c·S)))), as core's ConditionalGaussianPrior
  kind: 'conditional-gaussian',
  sample(p, n, d, rng, covariates) {
    const { means, logScales, logScaleClip } = p as Extract<ManifestPrior, { kind: 'conditional-gaussian' }>;
    const width = means.length;
    if (width === 0 || covariates.length !== n * width) throw new InputError('sampling from the conditional-gaussian prior needs the covariates of every draw', 'pass options.covariates with n values per covariate');
    const z = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        let m = 0;
        let s = 0;
        for (let c = 0; c < width; c++) {
          const v = covariates[i * width + c];
          m += v * means[c][j];
          s += v * logScales[c][j];
        }
        z[i * d + j] = m + Math.exp(Math.min(Math.max(s, logScaleClip[0]), logScaleClip[1])) * rng.normal();
      }
    }
    return z;
  },
});
