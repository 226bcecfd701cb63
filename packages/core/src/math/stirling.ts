/**
 * Stirling's remainder δ(z) = log Γ(z) − [(z − ½) log z − z + ½ log 2π] and its derivative, the
 * pieces that make the count log-pmfs accurate in float32 (Loader's saddle-point form): the large
 * terms of log Γ are combined analytically and only δ, which is small (δ(z) ≈ 1/(12z)), is evaluated.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { DIGAMMA_ASYMPTOTIC, digammaSmall } from './digamma.js';
import { horner } from './horner.js';
import { HALF_LOG_2PI, STIRLING_CUTOFF, piecewise } from './gamma-reduction.js';
import { lgammaSmall, stirlingSeries } from './lgamma.js';

/** (z − ½) log z − z + ½ log 2π. Call inside a tidy. */
function stirlingMain(z: Tensor): Tensor {
  return tf.add(tf.sub(tf.mul(tf.sub(z, 0.5), tf.log(z)), z), HALF_LOG_2PI);
}

/** δ(z) for z > 0 (δ → +∞ as z → 0, ≈ −½ log z). Call inside a tidy. */
export function stirlingRemainderRaw(z: Tensor): Tensor {
  return piecewise(z, STIRLING_CUTOFF, (zs) => tf.sub(lgammaSmall(zs), stirlingMain(zs)), stirlingSeries);
}

/** δ′(z) = ψ(z) − log z + 1/(2z) for z > 0; from the series above 3.25, so no cancellation. Call inside a tidy. */
export function stirlingRemainderDerivativeRaw(z: Tensor): Tensor {
  return piecewise(
    z,
    STIRLING_CUTOFF,
    (zs) => tf.add(tf.sub(digammaSmall(zs), tf.log(zs)), tf.div(0.5, zs)),
    (zl) => {
      const r2 = tf.square(tf.reciprocal(zl));
      return tf.neg(tf.mul(r2, horner(r2, DIGAMMA_ASYMPTOTIC)));
    },
  );
}

/** Stirling's remainder δ(z) = log Γ(z) − (z − ½) log z + z − ½ log 2π, element-wise for z > 0. */
export function stirlingRemainder(z: Tensor): Tensor {
  return tf.tidy(() => stirlingRemainderRaw(z));
}
