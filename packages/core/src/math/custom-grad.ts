import type * as tf from '@tensorflow/tfjs-core';

/** The argument type of `tf.customGrad` (tfjs-core does not export it by name). */
export type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];
