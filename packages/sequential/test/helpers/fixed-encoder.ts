// A test encoder with a given posterior (the same for every trial), which records the inputs it saw.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { DiagGaussian, encoders, type Encoder, type EncoderPlugin, type JsonObject } from '@vaekit/core';

/** Inputs the encoder saw, as plain arrays (most recent last). */
export const seenInputs: Float32Array[] = [];

class FixedEncoder implements Encoder {
  readonly kind = 'test-fixed';
  constructor(
    readonly config: { loc: number[]; scale: number[]; bins: number } & JsonObject,
    readonly inputDim: number,
    readonly latentDim: number,
  ) {}
  encode(x: Tensor): DiagGaussian {
    seenInputs.push(x.dataSync() as Float32Array);
    const [b, t] = x.shape;
    const shape = [1, t, this.latentDim];
    const [loc, scale] = tf.tidy(() => [tf.tile(tf.tensor(this.config.loc, shape), [b, 1, 1]), tf.tile(tf.tensor(this.config.scale, shape), [b, 1, 1])]);
    return new DiagGaussian(loc, scale);
  }
  variables(): Record<string, Variable> {
    return {};
  }
  dispose(): void {}
}

export const fixedEncoder: EncoderPlugin = {
  kind: 'test-fixed',
  parseConfig: (raw) => raw,
  create: (config, dims) => new FixedEncoder(config as FixedEncoder['config'], dims.inputDim, dims.latentDim),
};
encoders.register(fixedEncoder, { replace: true });
