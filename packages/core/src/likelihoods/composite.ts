import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { CompositeDistribution } from '../distributions/composite.js';
import { ConfigError } from '../errors.js';
import { deriveSeed } from '../nn/params.js';
import type { HeadSpec, JsonObject, Likelihood, LikelihoodContext, LikelihoodDims, LikelihoodPlugin } from '../plugins/contracts.js';
import { likelihoods } from '../plugins/registries.js';

export interface CompositeGroup {
  /** Group name; also the prefix of its heads and context keys (`rna.mean`, `rna.logLibrarySize`). */
  name: string;
  /** Number of consecutive columns of x in this group. Groups follow each other in order. */
  size: number;
  likelihood: { kind: string; config?: JsonObject };
}

const SEP = '.';

/**
 * A likelihood over column groups, each with its own registered likelihood: a cell's RNA and protein
 * counts, a record's binary and continuous covariates. Heads and context keys are namespaced per group.
 */
export class CompositeLikelihood implements Likelihood {
  readonly kind = 'composite';
  readonly parts: { group: CompositeGroup; likelihood: Likelihood }[];

  constructor(
    readonly config: { groups: CompositeGroup[] } & JsonObject,
    readonly dims: LikelihoodDims,
    seed = 0,
  ) {
    this.parts = config.groups.map((group) => {
      const plugin = likelihoods.get(group.likelihood.kind);
      const childConfig = plugin.parseConfig(group.likelihood.config ?? {});
      const likelihood = plugin.create(childConfig, { featureDim: group.size, covariates: dims.covariates, name: `${dims.name ?? 'likelihood'}/${group.name}` }, deriveSeed(seed, group.name));
      return { group, likelihood };
    });
  }

  get featureDim(): number {
    return this.dims.featureDim;
  }

  heads(): HeadSpec[] {
    return this.parts.flatMap(({ group, likelihood }) => likelihood.heads().map((h) => ({ ...h, name: `${group.name}${SEP}${h.name}` })));
  }

  private split(x: Tensor): Tensor[] {
    return tf.split(x, this.parts.map((p) => p.group.size), -1);
  }

  observe(x: Tensor): LikelihoodContext {
    const out: LikelihoodContext = {};
    const xs = this.split(x);
    this.parts.forEach(({ group, likelihood }, i) => {
      for (const [k, v] of Object.entries(likelihood.observe?.(xs[i]) ?? {})) out[`${group.name}${SEP}${k}`] = v;
    });
    for (const t of xs) t.dispose();
    return out;
  }

  distribution(heads: Record<string, Tensor>, ctx: LikelihoodContext): CompositeDistribution {
    return new CompositeDistribution(
      this.parts.map(({ group, likelihood }) => {
        const prefix = `${group.name}${SEP}`;
        const own = (rec: Record<string, Tensor | undefined>) =>
          Object.fromEntries(Object.entries(rec).filter(([k, v]) => k.startsWith(prefix) && v).map(([k, v]) => [k.slice(prefix.length), v as Tensor]));
        const childCtx: LikelihoodContext = { covariates: ctx.covariates, ...own(ctx) };
        return { name: group.name, size: group.size, distribution: likelihood.distribution(own(heads), childCtx) };
      }),
    );
  }

  validate(x: ArrayLike<number> | Tensor, where = 'x'): void {
    const values = 'dataSync' in x ? x.dataSync() : x;
    const rows = values.length / this.featureDim;
    let start = 0;
    for (const { group, likelihood } of this.parts) {
      const slice = new Float32Array(rows * group.size);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < group.size; c++) slice[r * group.size + c] = values[r * this.featureDim + start + c];
      }
      likelihood.validate(slice, `${where} (group "${group.name}", columns ${start}–${start + group.size - 1})`);
      start += group.size;
    }
  }

  variables(): Record<string, Variable> {
    return Object.assign({}, ...this.parts.map((p) => p.likelihood.variables())) as Record<string, Variable>;
  }

  dispose(): void {
    for (const p of this.parts) p.likelihood.dispose();
  }
}

export const compositeLikelihood: LikelihoodPlugin = {
  kind: 'composite',
  parseConfig(raw) {
    const groups = raw.groups as unknown as CompositeGroup[] | undefined;
    if (!Array.isArray(groups) || groups.length === 0) throw new ConfigError('composite likelihood: groups must be a non-empty array of { name, size, likelihood: { kind, config } }');
    const names = new Set<string>();
    for (const g of groups) {
      if (!g || typeof g.name !== 'string' || !g.name || g.name.includes(SEP)) throw new ConfigError(`composite likelihood: each group needs a name without "${SEP}", got ${JSON.stringify(g?.name)}`);
      if (names.has(g.name)) throw new ConfigError(`composite likelihood: duplicate group name "${g.name}"`);
      names.add(g.name);
      if (!Number.isInteger(g.size) || g.size < 1) throw new ConfigError(`composite likelihood: group "${g.name}" size must be a positive integer`);
      likelihoods.get(g.likelihood?.kind);
    }
    return { groups: groups.map((g) => ({ name: g.name, size: g.size, likelihood: { kind: g.likelihood.kind, config: likelihoods.get(g.likelihood.kind).parseConfig(g.likelihood.config ?? {}) } })) } as unknown as JsonObject;
  },
  create(config, dims, seed) {
    const parsed = this.parseConfig(config) as { groups: CompositeGroup[] } & JsonObject;
    const total = parsed.groups.reduce((n, g) => n + g.size, 0);
    if (total !== dims.featureDim) throw new ConfigError(`composite likelihood: group sizes add up to ${total}, but the data has ${dims.featureDim} features`);
    return new CompositeLikelihood(parsed, dims, seed);
  },
};
