/**
 * The NB log-likelihood written with plain TensorFlow.js ops, as a model would without fused
 * kernels: lgamma from elementary ops (Stirling series at x + 6 with the shift recurrence, FACTS.md),
 * autodiff for every gradient. The baseline variants use it.
 */
import * as tf from '@tensorflow/tfjs-core';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log Γ(x) for x > 0 from elementary ops; autodiff gives its gradient (≈ digamma). */
export function lgammaOps(x) {
  return tf.tidy(() => {
    const z = tf.add(x, 6);
    const zi = tf.reciprocal(z);
    const zi2 = tf.square(zi);
    const series = tf.mul(zi, tf.add(1 / 12, tf.mul(zi2, tf.add(-1 / 360, tf.mul(zi2, 1 / 1260)))));
    const stirling = tf.add(tf.sub(tf.mul(tf.sub(z, 0.5), tf.log(z)), z), tf.add(series, HALF_LOG_2PI));
    const shift = tf.mul(tf.mul(tf.mul(x, tf.add(x, 1)), tf.mul(tf.add(x, 2), tf.add(x, 3))), tf.mul(tf.add(x, 4), tf.add(x, 5)));
    return tf.sub(stirling, tf.log(shift));
  });
}

/** Σ_genes log NB(x | μ = exp(logLibrary)·softmax(logits), θ = exp(logTheta)) → [B]. */
export function nbSoftmaxLogLikOps(logits, x, logLibrary, logTheta) {
  return tf.tidy(() => {
    const logMu = tf.add(tf.logSoftmax(logits), tf.reshape(logLibrary, [-1, 1]));
    const theta = tf.exp(logTheta);
    const logThetaMu = tf.log(tf.add(theta, tf.exp(logMu)));
    const ll = tf.add(
      tf.sub(tf.sub(lgammaOps(tf.add(x, theta)), lgammaOps(theta)), lgammaOps(tf.add(x, 1))),
      tf.add(tf.mul(theta, tf.sub(logTheta, logThetaMu)), tf.mul(x, tf.sub(logMu, logThetaMu))),
    );
    return tf.sum(ll, 1);
  });
}
