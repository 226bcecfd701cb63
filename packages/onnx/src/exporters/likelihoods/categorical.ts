import * as tf from '@tensorflow/tfjs-core';
import { CategoricalLikelihood } from '@vaekit/core';
import { ConfigError } from '@vaekit/core/errors';
import { attr } from '../../proto/attributes.js';
import { likelihoodLowerings, type LikelihoodLowering } from '../registries.js';

function classes(lik: unknown): number {
  if (!(lik instanceof CategoricalLikelihood)) throw new ConfigError(`ONNX export: the categorical lowering got a ${(lik as object).constructor.name}`);
  return lik.classes;
}

/** F categorical features with K classes: outputs `logits` and `probs` [batch, F, K] (softmax over K). */
export const categoricalLowering: LikelihoodLowering = {
  kind: 'categorical',
  inputDomain: () => 'categorical',
  usesLibrary: () => false,
  lower(lik, g, heads) {
    const k = classes(lik);
    const logits = g.op('Reshape', [heads.logits, g.int64s('categorical/shape', [0, lik.featureDim, k])]);
    return [
      { name: 'logits', value: logits, shape: ['batch', lik.featureDim, k], description: 'class logits per feature' },
      { name: 'probs', value: g.op('Softmax', [logits], { axis: attr.int(-1) }), shape: ['batch', lik.featureDim, k], description: 'class probabilities per feature' },
    ];
  },
  reference: (lik, dist, heads) => ({ logits: tf.reshape(heads.logits, [-1, lik.featureDim, classes(lik)]), probs: dist.mean() }),
};

likelihoodLowerings.register(categoricalLowering);
