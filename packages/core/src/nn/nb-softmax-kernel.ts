import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import type { JsKernelSpec } from './js-kernel.js';
import { digammaScalar, fastExp, lgammaScalar, log1pRatio, LOG_FACTORIAL, LOG_FACTORIAL_TABLE_SIZE } from './scalar-special.js';

/** Integer counts up to this are looked up in per-gene tables of lgamma(x + θ) − lgamma(θ) − log x!. */
const SMALL_COUNT = 16;

/**
 * The fused negative-binomial log-likelihood with a softmax mean, in one JS pass per row:
 * μ = exp(logLibrary)·softmax(logits), θ = exp(logTheta), and
 * log NB(x | μ, θ) = lgamma(x+θ) − lgamma(θ) − lgamma(x+1) + θ·log(θ/(θ+μ)) + x·log(μ/(θ+μ)),
 * summed over genes → `ll` [B]. With `withGrad`, it also writes the gradients of each cell's sum:
 * d ll_b / d logits_bg = q_bg − p_bg·Σ_j q_bj with q = x − μ(θ+x)/(θ+μ), and the per-cell terms of
 * d ll_b / d logTheta_g = θ·(ψ(x+θ) − ψ(θ) − log(1 + μ/θ) + (μ − x)/(θ+μ)).
 * Inputs: logits [B, G], x [B, G], logLibrary [B] (or [B, 1]), logTheta [G].
 */
export const NB_SOFTMAX_KERNEL: JsKernelSpec = {
  name: 'VaekitNbSoftmaxLogLik',
  inputs: ['logits', 'x', 'logLibrary', 'logTheta'],
  outputShapes(shapes: number[][], attrs: NamedAttrMap): number[][] {
    const [b, g] = shapes[0];
    return attrs.withGrad ? [[b], [b, g], [b, g]] : [[b]];
  },
  run(inputs: Float32Array[], outputs: Float32Array[], shapes: number[][], attrs: NamedAttrMap): void {
    const [logits, x, logLib, logTheta] = inputs;
    const [ll, dLogits, dTheta] = outputs;
    const [rows, genes] = shapes[0];
    const withGrad = Boolean(attrs.withGrad);

    // Per-gene constants, in float64, and per-gene tables for small integer counts k ≤ SMALL_COUNT:
    // LG[g, k] = lgamma(k+θ) − lgamma(θ) − log k! = Σ_{j<k} log((θ+j)/(j+1)) and
    // PSI[g, k] = ψ(k+θ) − ψ(θ) = Σ_{j<k} 1/(θ+j). A lookup replaces a loop and a log per count.
    const K1 = SMALL_COUNT + 1;
    const theta = new Float64Array(genes);
    const lgTheta = new Float64Array(genes);
    const psiTheta = new Float64Array(genes);
    const LG = new Float64Array(genes * K1);
    const PSI = new Float64Array(genes * K1);
    for (let g = 0; g < genes; g++) {
      const t = Math.exp(logTheta[g]);
      theta[g] = t;
      lgTheta[g] = lgammaScalar(t);
      psiTheta[g] = digammaScalar(t);
      let lg = 0;
      let psi = 0;
      for (let k = 0; k < SMALL_COUNT; k++) {
        lg += Math.log((t + k) / (k + 1));
        psi += 1 / (t + k);
        LG[g * K1 + k + 1] = lg;
        PSI[g * K1 + k + 1] = psi;
      }
    }
    const e = new Float64Array(genes);

    for (let b = 0; b < rows; b++) {
      const o = b * genes;
      let mx = -Infinity;
      for (let g = 0; g < genes; g++) {
        const v = logits[o + g];
        if (v > mx) mx = v;
      }
      let s = 0;
      for (let g = 0; g < genes; g++) {
        const v = fastExp(logits[o + g] - mx);
        e[g] = v;
        s += v;
      }
      const scale = Math.exp(logLib[b]) / s; // μ_g = scale · e_g
      const logShift = logLib[b] - mx - Math.log(s); // log μ_g = logits_g + logShift
      let total = 0;
      let qSum = 0;
      for (let g = 0; g < genes; g++) {
        const xv = x[o + g];
        const t = theta[g];
        const lt = logTheta[g];
        const mu = scale * e[g];
        const logMu = logits[o + g] + logShift;
        // l1 = log((θ+μ)/θ) and ltm = log(θ+μ), without cancellation when μ ≪ θ (near-Poisson genes)
        let l1: number;
        let ltm: number;
        if (mu <= t) {
          l1 = log1pRatio(mu, t);
          ltm = lt + l1;
        } else {
          ltm = logMu + log1pRatio(t, mu);
          l1 = ltm - lt;
        }
        let lgDiff = 0;
        let psiDiff = 0;
        const xi = xv | 0;
        if (xi === xv && xi <= SMALL_COUNT) {
          const j = g * K1 + xi;
          lgDiff = LG[j];
          psiDiff = PSI[j];
        } else {
          const logFact = xv < LOG_FACTORIAL_TABLE_SIZE && xv === Math.floor(xv) ? LOG_FACTORIAL[xv] : lgammaScalar(xv + 1);
          lgDiff = lgammaScalar(xv + t) - lgTheta[g] - logFact;
          psiDiff = digammaScalar(xv + t) - psiTheta[g];
        }
        // lgamma(x+θ) − lgamma(θ) − log x! + θ·log(θ/(θ+μ)) + x·log(μ/(θ+μ))
        total += lgDiff - t * l1 + xv * (logMu - ltm);
        if (withGrad) {
          const inv = 1 / (t + mu);
          const q = xv - mu * (t + xv) * inv;
          dLogits[o + g] = q;
          qSum += q;
          dTheta[o + g] = t * (psiDiff - l1 + (mu - xv) * inv);
        }
      }
      ll[b] = total;
      if (withGrad) {
        const c = qSum / s;
        for (let g = 0; g < genes; g++) dLogits[o + g] -= c * e[g];
      }
    }
  },
};

/**
 * Backward of the fused NB term for upstream gradient dy [B]: dLogits = dy_b · G_bg and
 * dLogTheta_g = Σ_b dy_b · T_bg, in one pass. Inputs: dy [B], gLogits [B, G], gTheta [B, G].
 */
export const NB_SOFTMAX_GRAD_KERNEL: JsKernelSpec = {
  name: 'VaekitNbSoftmaxLogLikGrad',
  inputs: ['dy', 'gLogits', 'gTheta'],
  outputShapes(shapes: number[][]): number[][] {
    const [b, g] = shapes[1];
    return [[b, g], [g]];
  },
  run(inputs: Float32Array[], outputs: Float32Array[], shapes: number[][]): void {
    const [dy, gLogits, gTheta] = inputs;
    const [dLogits, dTheta] = outputs;
    const [rows, genes] = shapes[1];
    const acc = new Float64Array(genes);
    for (let b = 0; b < rows; b++) {
      const o = b * genes;
      const d = dy[b];
      for (let g = 0; g < genes; g++) {
        dLogits[o + g] = d * gLogits[o + g];
        acc[g] += d * gTheta[o + g];
      }
    }
    for (let g = 0; g < genes; g++) dTheta[g] = acc[g];
  },
};
