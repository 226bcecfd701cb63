import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { ConfigError, Rng, type DiagGaussian, type JsonObject } from '@vaekit/core';
import { productOfExperts, type Expert, type ProductOptions } from './experts.js';
import { parseProductOptions, StatelessFusion, type ElboTerm, type Fusion, type FusionDims, type FusionPlugin } from './fusion.js';
import { nonEmptySubsets, subsetPresent, subsetRow } from './subsets.js';

export interface PoeConfig extends ProductOptions {
  /** Add one ELBO term per modality, from that modality's expert alone (MVAE). Default true. */
  unimodal: boolean;
  /** Subsets of 2 … M−1 modalities drawn at random each step, each one more ELBO term (MVAE). Default 0. */
  sampledSubsets: number;
  /**
   * A subset term reconstructs every modality the sample has (true: what makes q(z | RNA) predict
   * protein), or only the modalities it was encoded from (false: MVAE's original sub-sampled ELBOs).
   * Default true.
   */
  crossReconstruction: boolean;
}

export const POE_DEFAULTS: PoeConfig = { priorExpert: true, logVarRange: [-10, 10], unimodal: true, sampledSubsets: 0, crossReconstruction: true };

/**
 * Product of experts (MVAE, Wu & Goodman 2018): q(z | present modalities) ∝ p(z) Πₘ q(z | xₘ), the
 * same posterior for training and inference. Trained on the joint ELBO of what each sample has, plus
 * (optionally) one ELBO per modality and sampled subsets, so that every subset's posterior is good.
 */
export class PoeFusion extends StatelessFusion implements Fusion {
  readonly kind = 'poe';
  readonly modalities: readonly string[];

  constructor(
    readonly config: PoeConfig & JsonObject,
    dims: FusionDims,
  ) {
    super();
    this.modalities = [...dims.modalities];
  }

  get product(): ProductOptions {
    return this.config;
  }

  subsetPosterior(experts: readonly Expert[], use: Tensor): DiagGaussian {
    return productOfExperts(experts, use, this.config);
  }

  posterior(experts: readonly Expert[], present: Tensor): DiagGaussian {
    return productOfExperts(experts, present, this.config);
  }

  terms(present: Tensor, seed: number): ElboTerm[] {
    const m = this.modalities.length;
    const b = present.shape[0] as number;
    const terms: ElboTerm[] = [{ name: 'joint', use: present, weight: tf.ones([b]), reconstruct: present }];
    const subsetTerm = (name: string, subset: number[]): ElboTerm => {
      const use = tf.mul(present, subsetRow(subset, m));
      return { name, use, weight: subsetPresent(present, subset), reconstruct: this.config.crossReconstruction ? present : use };
    };
    if (this.config.unimodal && m > 1) this.modalities.forEach((name, i) => terms.push(subsetTerm(name, [i])));
    const candidates = nonEmptySubsets(m).filter((s) => s.length >= 2 && s.length < m);
    if (this.config.sampledSubsets > 0 && candidates.length > 0) {
      const rng = new Rng(seed);
      for (let k = 0; k < this.config.sampledSubsets; k++) terms.push(subsetTerm('subsets', candidates[rng.int(candidates.length)]));
    }
    return terms;
  }
}

export const poeFusion: FusionPlugin = {
  kind: 'poe',
  parseConfig(raw) {
    const product = parseProductOptions(raw, 'poe', POE_DEFAULTS);
    const unimodal = raw.unimodal ?? POE_DEFAULTS.unimodal;
    const crossReconstruction = raw.crossReconstruction ?? POE_DEFAULTS.crossReconstruction;
    const sampledSubsets = raw.sampledSubsets ?? POE_DEFAULTS.sampledSubsets;
    if (typeof unimodal !== 'boolean') throw new ConfigError(`poe fusion: unimodal must be true or false, got ${JSON.stringify(unimodal)}`);
    if (typeof crossReconstruction !== 'boolean') throw new ConfigError(`poe fusion: crossReconstruction must be true or false, got ${JSON.stringify(crossReconstruction)}`);
    if (typeof sampledSubsets !== 'number' || !Number.isInteger(sampledSubsets) || sampledSubsets < 0) {
      throw new ConfigError(`poe fusion: sampledSubsets must be an integer ≥ 0, got ${JSON.stringify(sampledSubsets)}`);
    }
    return { ...product, logVarRange: [...product.logVarRange], unimodal, sampledSubsets, crossReconstruction };
  },
  create(config, dims) {
    return new PoeFusion(this.parseConfig(config) as PoeConfig & JsonObject, dims);
  },
};
