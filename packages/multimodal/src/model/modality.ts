import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { decoders, deriveSeed, encoders, likelihoods, type Decoder, type Distribution, type Encoder, type Likelihood, type LikelihoodContext } from '@vaekit/core';
import { expertFrom, type Expert } from '../fusion/experts.js';
import type { ResolvedModalitySpec } from './config.js';

/**
 * One modality's networks: an encoder (its Gaussian expert), a decoder and a likelihood, each a
 * registered core plugin. Their variables are namespaced `<modality>/<name>` in the model.
 */
export class Modality {
  readonly encoder: Encoder;
  readonly decoder: Decoder;
  readonly likelihood: Likelihood;

  constructor(
    public spec: ResolvedModalitySpec,
    latentDim: number,
    seed: number,
  ) {
    const name = spec.name;
    const lPlugin = likelihoods.get(spec.likelihood.kind);
    this.likelihood = lPlugin.create(lPlugin.parseConfig(spec.likelihood.config ?? {}), { featureDim: spec.featureDim, covariates: [] }, deriveSeed(seed, name, 'likelihood'));
    const ePlugin = encoders.get(spec.encoder.kind);
    this.encoder = ePlugin.create(ePlugin.parseConfig(spec.encoder.config ?? {}), { inputDim: spec.featureDim, latentDim, covariateDim: 0 }, deriveSeed(seed, name, 'encoder'));
    const dPlugin = decoders.get(spec.decoder.kind);
    this.decoder = dPlugin.create(dPlugin.parseConfig(spec.decoder.config ?? {}), { latentDim, covariateDim: 0, heads: this.likelihood.heads() }, deriveSeed(seed, name, 'decoder'));
    // record every default that was used, as core's VAE does
    this.spec = {
      ...spec,
      likelihood: { kind: this.likelihood.kind, config: this.likelihood.config },
      encoder: { kind: this.encoder.kind, config: this.encoder.config },
      decoder: { kind: this.decoder.kind, config: this.decoder.config },
    };
  }

  get name(): string {
    return this.spec.name;
  }
  get featureDim(): number {
    return this.spec.featureDim;
  }

  /** This modality's expert q(z | x). Call inside a tidy. */
  expert(x: Tensor, training = false, seed?: number): Expert {
    return expertFrom(this.encoder.encode(x, { training, seed }));
  }

  /** A zero expert, for a modality that is not used (its weight must be 0). Call inside a tidy. */
  placeholder(rows: number, latentDim: number): Expert {
    return { loc: tf.zeros([rows, latentDim]), logVar: tf.zeros([rows, latentDim]) };
  }

  /** p(x | z) with `ctx` (e.g. the library size). Call inside a tidy. */
  observation(z: Tensor, ctx: LikelihoodContext, training = false, seed?: number, target?: Tensor): Distribution {
    return this.likelihood.distribution(this.decoder.decode(z, { training, seed, target }), ctx);
  }

  variables(): Record<string, Variable> {
    const out: Record<string, Variable> = {};
    for (const part of [this.encoder, this.decoder, this.likelihood]) {
      for (const [k, v] of Object.entries(part.variables())) out[`${this.name}/${k}`] = v;
    }
    return out;
  }

  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
    this.likelihood.dispose();
  }
}
