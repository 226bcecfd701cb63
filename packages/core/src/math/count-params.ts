import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Ranges the count log-pmfs clip their parameters to, so that every intermediate stays finite in
 * float32: means in [e⁻⁸⁷, e⁸⁰] (e⁻⁸⁷ ≈ 1.6e-38, the smallest normal float32) and inverse
 * dispersions in [1e-20, 1e20]. Outside them the gradient is zero. Real models live far inside.
 */
export const COUNT_PARAM_LIMITS = { logMeanMin: -87, logMeanMax: 80, thetaMin: 1e-20, thetaMax: 1e20 } as const;

/** log μ clipped to the supported range. Call inside a tidy. */
export function clipLogMean(logMu: Tensor): Tensor {
  return tf.clipByValue(logMu, COUNT_PARAM_LIMITS.logMeanMin, COUNT_PARAM_LIMITS.logMeanMax);
}

/** log μ from μ ≥ 0, finite (and with a finite gradient) also at μ = 0. Call inside a tidy. */
export function logMeanFromMean(mu: Tensor): Tensor {
  return clipLogMean(tf.log(tf.clipByValue(mu, Math.exp(COUNT_PARAM_LIMITS.logMeanMin), Infinity)));
}

/** θ clipped to the supported range. Call inside a tidy. */
export function clipTheta(theta: Tensor): Tensor {
  return tf.clipByValue(theta, COUNT_PARAM_LIMITS.thetaMin, COUNT_PARAM_LIMITS.thetaMax);
}
