import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { DiagGaussian } from '@vaekit/core';

/** One modality's Gaussian expert q(z | x_m): mean and log-variance, each [B, D]. */
export interface Expert {
  loc: Tensor;
  logVar: Tensor;
}

/** How experts are multiplied. */
export interface ProductOptions {
  /** Multiply in the prior N(0, I) as one more expert (MVAE). Default true. */
  priorExpert: boolean;
  /** Every expert's log-variance is clipped to this range first, so precisions stay finite in float32. */
  logVarRange: [number, number];
}

/**
 * The product of Gaussian experts, precision-weighted: with precisions Tₘ = exp(−log σ²ₘ) and
 * per-sample weights wₘ (the 0/1 mask of the experts that take part),
 *   T = Σₘ wₘ Tₘ (+ 1 for the prior expert N(0, I)),   μ = Σₘ wₘ Tₘ μₘ / T,   σ² = 1 / T.
 * A weight of 0 is exactly the same as leaving the expert out (its values, finite, do not matter).
 * A sample whose weights are all 0 gets the prior N(0, I) also without the prior expert, so that
 * the result stays finite (such samples must carry no weight in a loss).
 *
 * Only element-wise arithmetic: the same formula is what an ONNX export of the fusion runs.
 * `weights` is [B, M], one column per expert, in the order of `experts`.
 */
export function productOfExperts(experts: readonly Expert[], weights: Tensor, options: ProductOptions): DiagGaussian {
  const [lo, hi] = options.logVarRange;
  const [loc, scale] = tf.tidy(() => {
    const columns = tf.split(weights, experts.length, 1); // M × [B, 1]
    let precision: Tensor | undefined;
    let weighted: Tensor | undefined;
    experts.forEach((e, m) => {
      const p = tf.mul(tf.exp(tf.neg(tf.clipByValue(e.logVar, lo, hi))), columns[m]);
      const pm = tf.mul(p, e.loc);
      precision = precision ? tf.add(precision, p) : p;
      weighted = weighted ? tf.add(weighted, pm) : pm;
    });
    // the prior expert N(0, I) adds precision 1 and nothing to the weighted mean;
    // without it, a sample with no expert falls back to the prior all the same
    const base = options.priorExpert ? tf.onesLike(columns[0]) : tf.relu(tf.sub(1, tf.sum(weights, 1, true)));
    const total = tf.add(precision as Tensor, base);
    return [tf.div(weighted as Tensor, total), tf.rsqrt(total)];
  });
  return new DiagGaussian(loc, scale);
}

/** An expert from an encoder's posterior: log σ² = 2 log σ. Call inside a tidy. */
export function expertFrom(q: DiagGaussian): Expert {
  return { loc: q.loc, logVar: tf.mul(tf.log(q.scale), 2) };
}
