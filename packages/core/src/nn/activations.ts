import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { Registry } from '../plugins/registry.js';

/** An element-wise (or last-axis) activation, registered by name so configs and ONNX export can find it. */
export interface Activation {
  readonly kind: string;
  apply(x: Tensor): Tensor;
}

export const activations = new Registry<Activation>('activation');

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

for (const a of [
  { kind: 'linear', apply: (x: Tensor) => x },
  { kind: 'relu', apply: (x: Tensor) => tf.relu(x) },
  { kind: 'elu', apply: (x: Tensor) => tf.elu(x) },
  { kind: 'leaky-relu', apply: (x: Tensor) => tf.leakyRelu(x, 0.2) },
  { kind: 'sigmoid', apply: (x: Tensor) => tf.sigmoid(x) },
  { kind: 'tanh', apply: (x: Tensor) => tf.tanh(x) },
  { kind: 'softplus', apply: (x: Tensor) => tf.softplus(x) },
  { kind: 'exp', apply: (x: Tensor) => tf.exp(x) },
  { kind: 'softmax', apply: (x: Tensor) => tf.softmax(x) },
  {
    // tanh approximation of GELU (as in BERT/GPT-2); ONNX exports it with the same formula.
    kind: 'gelu',
    apply: (x: Tensor) =>
      tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), SQRT_2_OVER_PI))))),
  },
] satisfies Activation[]) {
  activations.register(a);
}
