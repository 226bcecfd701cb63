import * as tf from '@tensorflow/tfjs-core';

/** Runs `fn` inside tf.tidy and returns its plain (non-tensor) result; every tensor it made is freed. */
export function scoped<T>(fn: () => T): T {
  let out: T | undefined;
  tf.tidy(() => {
    out = fn();
  });
  return out as T;
}
