import { covariateWidth, type CovariateSpec } from '@vaekit/core';
import type { Dim, GraphBuilder } from '../graph/graph-builder.js';
import type { InputDomain } from '../runtime/manifest.js';
import type { NetworkInput, RandomSpec } from './network.js';

const FEATURE_RANDOM: Record<InputDomain, (classes?: number) => RandomSpec> = {
  counts: () => ({ kind: 'counts' }),
  real: () => ({ kind: 'normal', scale: 1 }),
  binary: () => ({ kind: 'integers', low: 0, high: 2 }),
  categorical: (classes = 2) => ({ kind: 'integers', low: 0, high: classes }),
};

/** What a model's networks may read: dimensions, covariates, and the input domain. */
export interface ModelDims {
  featureDim: number;
  latentDim: number;
  covariates: readonly CovariateSpec[];
  inputDomain: InputDomain;
  /** Classes per feature for categorical data. */
  classes?: number;
  /** How the parity check draws the features (default: from inputDomain). */
  featureRandom?: RandomSpec;
}

/** Inputs shared by a network's views (the whole model and its column groups). */
interface Shared {
  declared: NetworkInput[];
  values: Map<string, string>;
}

/** A column group of a composite likelihood: its name and feature columns [start, start + size). */
interface Scope {
  group: string;
  start: number;
  size: number;
}

/**
 * The standard inputs of one network, declared on first use with their role and random-input
 * spec: `features()` x [batch, F], `covariates()` [batch, C], `latent()` z [batch, D],
 * `library()` [batch, 1]. Lowerings ask for what they read; `declare()` adds any other input.
 */
export class NetworkInputs {
  private readonly shared: Shared;

  constructor(
    private readonly g: GraphBuilder,
    readonly dims: ModelDims,
    shared?: Shared,
    private readonly scope?: Scope,
  ) {
    this.shared = shared ?? { declared: [], values: new Map() };
  }

  /** Every input declared so far, in order. */
  get declared(): NetworkInput[] {
    return this.shared.declared;
  }

  /**
   * The view of one column group (composite likelihoods): the same inputs, except that `library()`
   * is the group's own library size (`library.<group>`) and featureDim is the group's width.
   */
  forGroup(group: string, start: number, size: number): NetworkInputs {
    const name = this.scope ? `${this.scope.group}.${group}` : group;
    return new NetworkInputs(this.g, { ...this.dims, featureDim: size }, this.shared, { group: name, start: (this.scope?.start ?? 0) + start, size });
  }

  get covariateDim(): number {
    return covariateWidth(this.dims.covariates);
  }

  /** The raw features x, [batch, featureDim] by default (a sequence encoder passes ['batch', 'time', F]). */
  features(shape: Dim[] = ['batch', this.dims.featureDim]): string {
    const random = this.dims.featureRandom ?? FEATURE_RANDOM[this.dims.inputDomain](this.dims.classes);
    return this.once('features', () => ({ name: 'x', dtype: 'float32', shape, role: 'features', random, description: 'raw features (the input transform is inside the graph)' }));
  }

  /** The covariate matrix [batch, C]: one-hot blocks for categorical covariates, a column per continuous one. */
  covariates(): string {
    return this.once('covariates', () => ({
      name: 'covariates',
      dtype: 'float32',
      shape: ['batch', this.covariateDim],
      role: 'covariates',
      random: { kind: 'covariates', blocks: this.dims.covariates.map((c) => (c.type === 'categorical' ? { levels: c.levels?.length ?? 0 } : { continuous: true as const })) },
      description: 'covariates: one-hot per categorical covariate, in manifest order',
    }));
  }

  /** The latent z, [batch, latentDim] by default (a sequence decoder passes ['batch', 'time', D]). */
  latent(shape: Dim[] = ['batch', this.dims.latentDim]): string {
    return this.once('latent', () => ({ name: 'z', dtype: 'float32', shape, role: 'latent', random: { kind: 'normal', scale: 1.5 }, description: 'latent coordinates' }));
  }

  /** Leading dimensions of the declared latent input (['batch'] unless a decoder declared more). */
  get latentLead(): Dim[] {
    return this.declared.find((i) => i.role === 'latent')?.shape.slice(0, -1) ?? ['batch'];
  }

  /** Each row's library size (total counts, ≥ 1), [batch, 1]; in a column group's view, the total of the group's columns (`library.<group>`). */
  library(): string {
    const s = this.scope;
    const name = s ? `library.${s.group}` : 'library';
    return this.once(name, () => ({
      name,
      dtype: 'float32',
      shape: ['batch', 1],
      role: 'library',
      random: { kind: 'uniform', low: 1, high: 20000 },
      description: s ? `library size of "${s.group}": total counts of its columns (at least 1)` : 'library size: total counts of the row (at least 1)',
      ...(s ? { group: s.group, columns: [s.start, s.start + s.size] as [number, number] } : {}),
    }));
  }

  /** Declares another input (a plugin network's own), once per name. */
  declare(input: NetworkInput): string {
    return this.once(`custom:${input.name}`, () => input);
  }

  private once(key: string, make: () => NetworkInput): string {
    const known = this.shared.values.get(key);
    if (known) return known;
    const input = make();
    const value = this.g.input(input.name, input.shape, input.dtype);
    this.shared.declared.push(input);
    this.shared.values.set(key, value);
    return value;
  }
}
