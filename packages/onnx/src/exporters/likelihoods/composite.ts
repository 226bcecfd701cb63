import type { Tensor } from '@tensorflow/tfjs-core';
import { CompositeDistribution, CompositeLikelihood } from '@vaekit/core';
import { ConfigError } from '@vaekit/core/errors';
import type { InputDomain } from '../../runtime/manifest.js';
import { likelihoodLowerings, lowering, type LikelihoodLowering } from '../registries.js';

const SEP = '.';

function parts(lik: unknown): CompositeLikelihood['parts'] {
  if (!(lik instanceof CompositeLikelihood)) throw new ConfigError(`ONNX export: the composite lowering got a ${(lik as object).constructor.name}`);
  return lik.parts;
}

const child = (kind: string) => lowering(likelihoodLowerings, 'likelihoodLowerings', 'likelihood', kind);

/** `rec`'s entries under `prefix`, without it. */
function own<T>(rec: Record<string, T>, prefix: string): Record<string, T> {
  return Object.fromEntries(Object.entries(rec).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
}

/**
 * Column groups, each with its own likelihood: every group's outputs, named `<group>.<output>`
 * (e.g. `rna.mean`, `rna.theta`, `protein.mean`); a group whose likelihood uses a library size
 * reads its own `library.<group>` input (the total of its columns).
 */
export const compositeLowering: LikelihoodLowering = {
  kind: 'composite',
  inputDomain(lik) {
    const domains = new Set<InputDomain>(parts(lik).map((p) => child(p.likelihood.kind).inputDomain(p.likelihood)));
    return domains.size === 1 ? [...domains][0] : 'real';
  },
  // draw counts when any group holds counts: valid input for log1p and for every other group's encoder path
  featureRandom: (lik) => (parts(lik).some((p) => child(p.likelihood.kind).inputDomain(p.likelihood) === 'counts') ? { kind: 'counts' } : { kind: 'normal', scale: 1 }),
  usesLibrary: (lik) => parts(lik).some((p) => child(p.likelihood.kind).usesLibrary(p.likelihood)),
  lower(lik, g, heads, inputs) {
    let start = 0;
    return parts(lik).flatMap(({ group, likelihood }) => {
      const view = inputs.forGroup(group.name, start, group.size);
      start += group.size;
      const outs = child(likelihood.kind).lower(likelihood, g, own(heads, `${group.name}${SEP}`), view);
      return outs.map((o) => ({ ...o, name: `${group.name}${SEP}${o.name}`, description: `${group.name}: ${o.description}` }));
    });
  },
  reference(lik, dist, heads) {
    if (!(dist instanceof CompositeDistribution)) throw new ConfigError('ONNX export: the composite likelihood did not give a CompositeDistribution');
    const out: Record<string, Tensor> = {};
    parts(lik).forEach(({ group, likelihood }, i) => {
      const ref = child(likelihood.kind).reference(likelihood, dist.parts[i].distribution, own(heads, `${group.name}${SEP}`));
      for (const [k, v] of Object.entries(ref)) out[`${group.name}${SEP}${k}`] = v;
    });
    return out;
  },
};

likelihoodLowerings.register(compositeLowering);
