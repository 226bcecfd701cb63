import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Observation } from '../data/validate.js';

/**
 * How each likelihood kind's observations look (for the checks on input data) and how a readout
 * head's bias starts from the data (so training starts at each neuron's mean rate). Keyed by
 * likelihood kind / head name; other kinds are treated as continuous and start at zero.
 */
export const observationOf: Record<string, Observation> = {
  poisson: 'counts',
  nb: 'counts',
  zinb: 'counts',
  bernoulli: 'binary',
  gaussian: 'continuous',
};

/** Initial bias of a head from the per-neuron mean of the data [N]. */
export const headBiasFromMean: Record<string, (mean: Tensor) => Tensor> = {
  // Poisson / NB log-rate
  mean: (m) => tf.log(tf.add(m, 1e-3)),
  // Gaussian location
  loc: (m) => tf.clone(m),
  // Bernoulli logits
  logits: (m) => {
    const p = tf.clipByValue(m, 1e-3, 1 - 1e-3);
    return tf.log(tf.div(p, tf.sub(1, p)));
  },
};
