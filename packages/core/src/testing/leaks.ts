import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `fn` and throws if it leaves tensors behind (tf.memory().numTensors must return to where it
 * was). Returns what `fn` returned; tensors in that result count as leaks, so return plain data.
 */
export async function expectNoTensorLeak<T>(fn: () => T | Promise<T>, label = 'block'): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await fn();
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new Error(`${label} leaked ${after - before} tensor(s): ${before} before, ${after} after`);
  }
  return out;
}
