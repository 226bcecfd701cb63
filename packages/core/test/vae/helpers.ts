import * as tf from '@tensorflow/tfjs-core';
export * from '../../src/index.js';

/** Synchronous tensor-leak check for a block that returns nothing tensor-valued. */
export function expectNoTensorLeakSync(fn: () => void): void {
  const before = tf.memory().numTensors;
  fn();
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`leaked ${after - before} tensor(s)`);
}
