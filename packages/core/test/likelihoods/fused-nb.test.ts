// The scVI NB likelihood's fused kernel must be the same function as the general NegativeBinomial.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs-core';
import { likelihoods, NegativeBinomial, SoftmaxNegativeBinomial } from '../../src/index.js';

describe('fused NB (library × softmax) against the general NegativeBinomial', () => {
  it('gives the same log-probabilities and gradients for logits and θ', () => {
    const lik = likelihoods.get('nb').create({}, { featureDim: 50, covariates: [] }, 3);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      lik.variables()['likelihood/logTheta'].assign(tf.randomUniform([50], -3, 6, 'float32', 1));
      const x = tf.floor(tf.mul(tf.randomUniform([8, 50], 0, 1, 'float32', 2), tf.randomUniform([8, 50], 0, 60, 'float32', 3)));
      const logits = tf.randomNormal([8, 50], 0, 1.5, 'float32', 4);
      const ctx = lik.observe?.(x) ?? {};
      const logTheta = lik.variables()['likelihood/logTheta'];
      const fused = (l: Tensor) => lik.distribution({ mean: l }, ctx);
      const general = (l: Tensor) => new NegativeBinomial({ logMu: tf.add(tf.logSoftmax(l), ctx.logLibrarySize as Tensor), theta: tf.exp(logTheta) });
      expect(fused(logits)).toBeInstanceOf(SoftmaxNegativeBinomial);
      const a = fused(logits).logProb(x).dataSync();
      const b = general(logits).logProb(x).dataSync();
      a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(2e-4 * Math.abs(b[i]) + 1e-3));
      const ga = tf.variableGrads(() => tf.sum(fused(logits).logProb(x)) as tf.Scalar, [logTheta]).grads;
      const gb = tf.variableGrads(() => tf.sum(general(logits).logProb(x)) as tf.Scalar, [logTheta]).grads;
      const name = Object.keys(ga)[0];
      expect(tf.max(tf.abs(tf.sub(ga[name], gb[name]))).dataSync()[0]).toBeLessThan(1e-3 * (1 + tf.max(tf.abs(gb[name])).dataSync()[0]));
      const la = tf.grad((l: Tensor) => tf.sum(fused(l).logProb(x)))(logits);
      const lb = tf.grad((l: Tensor) => tf.sum(general(l).logProb(x)))(logits);
      expect(tf.max(tf.abs(tf.sub(la, lb))).dataSync()[0]).toBeLessThan(1e-3);
    });
    expect(tf.memory().numTensors).toBe(before);
    lik.dispose();
  });
});
