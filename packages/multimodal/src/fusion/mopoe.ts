import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { ConfigError, DiagGaussian, type JsonObject } from '@vaekit/core';
import { productOfExperts, type Expert, type ProductOptions } from './experts.js';
import { parseProductOptions, StatelessFusion, type ElboTerm, type Fusion, type FusionDims, type FusionPlugin } from './fusion.js';
import { nonEmptySubsets, subsetName, subsetPresent, subsetRow } from './subsets.js';

export type MopoeConfig = ProductOptions;

export const MOPOE_DEFAULTS: MopoeConfig = { priorExpert: true, logVarRange: [-10, 10] };

/** 2^M − 1 subsets: beyond this many modalities the mixture is too large to enumerate. */
export const MOPOE_MAX_MODALITIES = 8;

/**
 * Mixture of products of experts (MoPoE-VAE, Sutter et al. 2021): the posterior is the uniform
 * mixture, over the non-empty subsets s of the modalities a sample has, of the subset products
 * q_s(z) ∝ p(z) Πₘ∈s q(z | xₘ). Training maximises Σ_s π_s ELBO_s (every subset's samples
 * reconstruct every modality present), a lower bound of the mixture's ELBO (Jensen on the KL).
 * For inference the mixture is summarised by its mean and per-dimension variance (moment matching).
 */
export class MopoeFusion extends StatelessFusion implements Fusion {
  readonly kind = 'mopoe';
  readonly modalities: readonly string[];
  readonly subsets: number[][];

  constructor(
    readonly config: MopoeConfig & JsonObject,
    dims: FusionDims,
  ) {
    super();
    this.modalities = [...dims.modalities];
    this.subsets = nonEmptySubsets(this.modalities.length);
  }

  get product(): ProductOptions {
    return this.config;
  }

  subsetPosterior(experts: readonly Expert[], use: Tensor): DiagGaussian {
    return productOfExperts(experts, use, this.config);
  }

  /** Per-sample mixture weights π_s = [s ⊆ present] / #subsets of present, [B] each (0 where nothing is present). */
  private mixtureWeights(present: Tensor): Tensor[] {
    const valid = this.subsets.map((s) => subsetPresent(present, s));
    const count = tf.maximum(tf.addN(valid), 1);
    return valid.map((v) => tf.div(v, count));
  }

  posterior(experts: readonly Expert[], present: Tensor): DiagGaussian {
    const m = this.modalities.length;
    const [loc, scale] = tf.tidy(() => {
      const weights = this.mixtureWeights(present).map((w) => tf.expandDims(w, 1)); // [B, 1] each
      const parts = this.subsets.map((s) => {
        const q = productOfExperts(experts, tf.mul(present, subsetRow(s, m)), this.config);
        return { loc: q.loc, variance: tf.square(q.scale) };
      });
      const mean = tf.addN(parts.map((p, i) => tf.mul(weights[i], p.loc)));
      // Var = Σ π_s σ_s² + Σ π_s (μ_s − mean)², non-negative term by term; nothing present → the prior
      const spread = tf.addN(parts.map((p, i) => tf.mul(weights[i], tf.add(p.variance, tf.square(tf.sub(p.loc, mean))))));
      const none = tf.relu(tf.sub(1, tf.addN(weights)));
      return [mean, tf.sqrt(tf.add(spread, none))];
    });
    return new DiagGaussian(loc, scale);
  }

  terms(present: Tensor): ElboTerm[] {
    const m = this.modalities.length;
    const weights = this.mixtureWeights(present);
    return this.subsets.map((s, i) => ({ name: subsetName(s, this.modalities), use: tf.mul(present, subsetRow(s, m)), weight: weights[i], reconstruct: present }));
  }
}

export const mopoeFusion: FusionPlugin = {
  kind: 'mopoe',
  parseConfig(raw) {
    const product = parseProductOptions(raw, 'mopoe', MOPOE_DEFAULTS);
    return { ...product, logVarRange: [...product.logVarRange] };
  },
  create(config, dims) {
    if (dims.modalities.length > MOPOE_MAX_MODALITIES) {
      throw new ConfigError(`mopoe fusion: ${dims.modalities.length} modalities make ${2 ** dims.modalities.length - 1} subsets; at most ${MOPOE_MAX_MODALITIES} modalities are supported`, 'use the poe fusion (with sampledSubsets) for more modalities');
    }
    return new MopoeFusion(this.parseConfig(config) as MopoeConfig & JsonObject, dims);
  },
};
