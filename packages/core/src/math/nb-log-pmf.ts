/**
 * Negative-binomial and zero-inflated NB log-pmfs for tensors, accurate in float32 over the whole
 * parameter range (θ from 1e-4 to 1e6 and beyond, μ → 0, counts up to 5e4 and beyond).
 *
 * The textbook form lgamma(x+θ) − lgamma(θ) − lgamma(x+1) + θ log(θ/(θ+μ)) + x log(μ/(θ+μ)) (scvi's
 * log_nb_positive, with its eps = 1e-8) subtracts numbers of size θ log θ and x log x: in float32,
 * even with this module's accurate lgamma, 206 of the 536 points of test/fixtures/distributions.json
 * are off by more than 1e-4 relative (0.05 absolute at x ≈ μ = 5e4; the eps alone dominates
 * μ → 0). Here, for x > 0, the large parts of the three lgammas are combined analytically (Loader's
 * saddle-point form, as in R's dnbinom), and every point is within 5e-6:
 *
 *   log p = θ·L + x·log1p(w) − ½ log(2π x (x+θ)/θ) + δ(x+θ) − δ(θ) − δ(x)
 *   L = log((x+θ)/(θ+μ)) = log1p((x−μ)/(θ+μ)),   w = θ(μ−x)/(x(θ+μ))   (x·log1p(w) = x·log((x+θ)μ/(x(θ+μ))))
 *
 * with δ Stirling's remainder, and log1p replaced by a direct log of the ratio where its argument is
 * below −½. At x = 0, log p = −θ·softplus(log μ − log θ). Gradients are analytic (a custom gradient):
 *   ∂/∂log μ = θ(x−μ)/(θ+μ),   ∂/∂θ = L − (x−μ)/(θ+μ) + x/(2θ(x+θ)) + δ′(x+θ) − δ′(θ)  (x > 0),
 *   ∂/∂θ = μ/(θ+μ) − softplus(log μ − log θ)  (x = 0).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { CustomGradientFunc } from './custom-grad.js';
import { clipLogMean, clipTheta } from './count-params.js';
import { HALF_LOG_2PI, above } from './gamma-reduction.js';
import { expm1, log1p, softplus, sumToShape } from './special.js';
import { stirlingRemainderDerivativeRaw, stirlingRemainderRaw } from './stirling.js';

/** The forward pieces of the NB log-pmf that the ZINB and the gradients reuse. */
interface NbPieces {
  /** x > 0 (bool). */
  isPos: Tensor;
  /** x where x > 0, else 1 (so the x > 0 branch stays finite everywhere). */
  xp: Tensor;
  mu: Tensor;
  /** θ + μ. */
  s: Tensor;
  /** softplus(log μ − log θ) = log(1 + μ/θ). */
  sp: Tensor;
  /** (xp − μ)/(θ + μ). */
  rL: Tensor;
  /** log((xp + θ)/(θ + μ)). */
  L: Tensor;
  /** log p at x = 0. */
  lp0: Tensor;
  /** log p at xp (the value where x > 0). */
  lpPos: Tensor;
}

/** log(a) for a = 1 + r, from log1p(r) where r > −½ and from `direct` (a precomputed log a) below. */
function logOnePlus(r: Tensor, direct: Tensor): Tensor {
  return tf.where(tf.cast(above(r, -0.5), 'bool'), log1p(r), direct);
}

function nbPieces(x: Tensor, logMu: Tensor, theta: Tensor): NbPieces {
  const mu = tf.exp(logMu);
  const logTheta = tf.log(theta);
  const posMask = above(x, 0);
  const isPos = tf.cast(posMask, 'bool');
  const xp = tf.add(x, tf.sub(1, posMask));
  const s = tf.add(theta, mu);
  const sp = softplus(tf.sub(logMu, logTheta));
  const lp0 = tf.neg(tf.mul(theta, sp));
  const rL = tf.div(tf.sub(xp, mu), s);
  const logXpTheta = tf.log(tf.add(xp, theta));
  const lDirect = tf.sub(tf.sub(logXpTheta, logTheta), sp);
  const L = logOnePlus(rL, lDirect);
  const logXp = tf.log(xp);
  const w = tf.neg(tf.div(tf.mul(theta, rL), xp));
  const lm = logOnePlus(w, tf.sub(tf.add(lDirect, logMu), logXp));
  const main = tf.add(tf.mul(theta, L), tf.mul(xp, lm));
  const halfLog = tf.mul(tf.add(tf.sub(tf.add(logXp, logXpTheta), logTheta), 2 * HALF_LOG_2PI), 0.5);
  const deltas = tf.sub(stirlingRemainderRaw(tf.add(xp, theta)), tf.add(stirlingRemainderRaw(theta), stirlingRemainderRaw(xp)));
  const lpPos = tf.add(tf.sub(main, halfLog), deltas);
  return { isPos, xp, mu, s, sp, rL, L, lp0, lpPos };
}

/** What the gradients need from the forward pass (saved by the custom ops, not recomputed). */
type NbSaved = [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];

function nbSaved(x: Tensor, theta: Tensor, p: NbPieces): NbSaved {
  return [x, theta, p.isPos, p.xp, p.mu, p.s, p.sp, p.rL, p.L];
}

/** ∂ log p/∂ log μ and ∂ log p/∂θ, element-wise (full broadcast shape), from the saved forward pieces. */
function nbGrads([x, theta, isPos, xp, mu, s, sp, rL, L]: Tensor[]): { dLogMu: Tensor; dTheta: Tensor } {
  const dLogMu = tf.div(tf.mul(theta, tf.sub(x, mu)), s);
  const xpTheta = tf.add(xp, theta);
  const dDelta = tf.sub(stirlingRemainderDerivativeRaw(xpTheta), stirlingRemainderDerivativeRaw(theta));
  const pos = tf.add(tf.add(tf.sub(L, rL), tf.div(xp, tf.mul(tf.mul(theta, 2), xpTheta))), dDelta);
  const zero = tf.sub(tf.div(mu, s), sp);
  return { dLogMu, dTheta: tf.where(isPos, pos, zero) };
}

const nbOp = tf.customGrad(((x: Tensor, logMu: Tensor, theta: Tensor, save: tf.GradSaveFunc) => {
  const p = nbPieces(x, logMu, theta);
  save([...nbSaved(x, theta, p), logMu]);
  const value = tf.where(p.isPos, p.lpPos, p.lp0);
  const gradFunc = (dy: Tensor, saved: Tensor[]): Tensor[] => {
    const g = nbGrads(saved);
    const [xs, th, lm] = [saved[0], saved[1], saved[9]];
    return [tf.zerosLike(xs), sumToShape(tf.mul(dy, g.dLogMu), lm.shape), sumToShape(tf.mul(dy, g.dTheta), th.shape)];
  };
  return { value, gradFunc };
}) as unknown as CustomGradientFunc) as (x: Tensor, logMu: Tensor, theta: Tensor) => Tensor;

/**
 * log NB(x; μ, θ) element-wise (broadcasting), mean μ = exp(logMu), inverse dispersion θ
 * (variance μ + μ²/θ). x are counts ≥ 0; log μ is clipped to [−87, 80] and θ to [1e-20, 1e20].
 * Differentiable in logMu and theta (not in x).
 */
export function negativeBinomialLogPmf(x: Tensor, logMu: Tensor, theta: Tensor): Tensor {
  return tf.tidy(() => nbOp(x, clipLogMean(logMu), clipTheta(theta)));
}

const zinbOp = tf.customGrad(((x: Tensor, logMu: Tensor, theta: Tensor, gate: Tensor, save: tf.GradSaveFunc) => {
  const p = nbPieces(x, logMu, theta);
  save([...nbSaved(x, theta, p), logMu, gate, p.lp0]);
  // softplus(±g) sharing one exp and log1p; each is accurate where it is small.
  const shared = log1p(tf.exp(tf.neg(tf.abs(gate))));
  const spPlus = tf.add(tf.relu(gate), shared);
  const spMinus = tf.add(tf.relu(tf.neg(gate)), shared);
  // x = 0: log(π + (1 − π)·NB(0)), π = sigmoid(g). Where it is near 0, as log1p(−q) with
  // q = (1 − π)(1 − NB(0)); elsewhere as logaddexp(log π, log(1 − π) + log NB(0)), in which
  // a − b = g − log NB(0) exactly (softplus(g) − softplus(−g) = g).
  const q = tf.mul(tf.sigmoid(tf.neg(gate)), tf.neg(expm1(p.lp0)));
  const a = tf.neg(spMinus);
  const b = tf.sub(p.lp0, spPlus);
  const viaLogAddExp = tf.add(tf.maximum(a, b), log1p(tf.exp(tf.neg(tf.abs(tf.sub(gate, p.lp0))))));
  const atZero = tf.where(tf.cast(above(q, 0.5), 'bool'), viaLogAddExp, log1p(tf.neg(q)));
  const value = tf.where(p.isPos, tf.sub(p.lpPos, spPlus), atZero);
  const gradFunc = (dy: Tensor, saved: Tensor[]): Tensor[] => {
    const nb = nbGrads(saved);
    const [xs, th, isPos, lm, g, lp0] = [saved[0], saved[1], saved[2], saved[9], saved[10], saved[11]];
    const sg = tf.sigmoid(g);
    // Weight of the NB branch in the x = 0 mixture: sigmoid(b − a) = sigmoid(log NB(0) − g).
    const wB = tf.sigmoid(tf.sub(lp0, g));
    const scale = tf.where(isPos, tf.onesLike(wB), wB);
    const dGate = tf.where(isPos, tf.mul(tf.onesLike(wB), tf.neg(sg)), tf.sub(tf.sub(1, wB), sg));
    return [
      tf.zerosLike(xs),
      sumToShape(tf.mul(dy, tf.mul(scale, nb.dLogMu)), lm.shape),
      sumToShape(tf.mul(dy, tf.mul(scale, nb.dTheta)), th.shape),
      sumToShape(tf.mul(dy, dGate), g.shape),
    ];
  };
  return { value, gradFunc };
}) as unknown as CustomGradientFunc) as (x: Tensor, logMu: Tensor, theta: Tensor, gate: Tensor) => Tensor;

/**
 * log ZINB(x; μ, θ, π) element-wise (broadcasting): with probability π = sigmoid(gateLogits) a
 * structural zero, else NB(μ, θ). Stable at gate logits ±30 and μ → 0: at x = 0 a log-sum-exp (as
 * scvi's log_zinb_positive), or log1p(−(1 − π)(1 − NB(0))) where p(0) is near 1, so that tiny
 * log-probabilities keep their relative accuracy. Same parameter clipping as `negativeBinomialLogPmf`.
 */
export function zeroInflatedNegativeBinomialLogPmf(x: Tensor, logMu: Tensor, theta: Tensor, gateLogits: Tensor): Tensor {
  return tf.tidy(() => zinbOp(x, clipLogMean(logMu), clipTheta(theta), gateLogits));
}
