import { ConditionalGaussianPrior, MixtureOfGaussiansPrior, type Prior } from '@vaekit/core';
import { ConfigError } from '@vaekit/core/errors';
import type { Variable } from '@tensorflow/tfjs-core';
import { priorExports, type PriorExport } from './registries.js';

/** A [rows, cols] variable as nested arrays. */
function rows(v: Variable): number[][] {
  const [r, c] = v.shape as [number, number];
  const data = v.dataSync();
  return Array.from({ length: r }, (_, i) => Array.from(data.subarray(i * c, (i + 1) * c)));
}

function as<T>(prior: Prior, cls: abstract new (...args: never[]) => T): T {
  if (!(prior instanceof cls)) throw new ConfigError(`ONNX export: the "${prior.kind}" prior export got a ${prior.constructor.name}`);
  return prior;
}

for (const p of [
  { kind: 'standard-normal', export: () => ({ kind: 'standard-normal' }) },
  {
    // p(z | c) = N(c·M, diag(exp(2·clip(c·S, −10, 10)))), as ConditionalGaussianPrior
    kind: 'conditional-gaussian',
    export(prior: Prior) {
      const c = as(prior, ConditionalGaussianPrior);
      return { kind: 'conditional-gaussian', means: rows(c.means), logScales: rows(c.logScales), logScaleClip: [-10, 10] as [number, number] };
    },
  },
  {
    kind: 'mixture-of-gaussians',
    export(prior: Prior) {
      const m = as(prior, MixtureOfGaussiansPrior);
      return { kind: 'mixture-of-gaussians', logits: Array.from(m.logits.dataSync()), means: rows(m.means), logScales: rows(m.logScales) };
    },
  },
] satisfies PriorExport[]) {
  priorExports.register(p);
}
