import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import type { HeapContext, JsKernelSpec } from './js-kernel.js';
import { digammaScalar, fastExp, lgammaScalar, log1pRatio, LOG_FACTORIAL, LOG_FACTORIAL_TABLE_SIZE } from './scalar-special.js';
import { SIMD_SMALL_COUNT } from './simd/kernels.js';
import { simdKernels } from './simd/instance.js';

/** Integer counts up to this are looked up in per-gene tables of lgamma(x + θ) − lgamma(θ) − log x!. */
const SMALL_COUNT = SIMD_SMALL_COUNT;
const K1 = SMALL_COUNT + 1;

/** Per-gene constants and tables (float64), reused between calls. */
interface Genes {
  theta: Float64Array;
  lgTheta: Float64Array;
  psiTheta: Float64Array;
  /** LG[g·K1 + k] = lgamma(k+θ) − lgamma(θ) − log k! = Σ_{j<k} log((θ+j)/(j+1)), k ≤ SMALL_COUNT */
  LG: Float64Array;
  /** PSI[g·K1 + k] = ψ(k+θ) − ψ(θ) = Σ_{j<k} 1/(θ+j) */
  PSI: Float64Array;
  e: Float64Array;
}
let genesScratch: Genes | undefined;

function prepareGenes(logTheta: Float32Array, genes: number): Genes {
  if (!genesScratch || genesScratch.theta.length !== genes) {
    genesScratch = {
      theta: new Float64Array(genes),
      lgTheta: new Float64Array(genes),
      psiTheta: new Float64Array(genes),
      LG: new Float64Array(genes * K1),
      PSI: new Float64Array(genes * K1),
      e: new Float64Array(genes),
    };
  }
  const { theta, lgTheta, psiTheta, LG, PSI } = genesScratch;
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
  return genesScratch;
}

/** Result slots of nbElement: [term, q, dTheta]. */
const elem = new Float64Array(3);

/**
 * One element in float64: term = lgamma(x+θ) − lgamma(θ) − log x! + θ·log(θ/(θ+μ)) + x·log(μ/(θ+μ)),
 * q = x − μ(θ+x)/(θ+μ) (d term / d log μ) and dθ = θ·(ψ(x+θ) − ψ(θ) − log(1+μ/θ) + (μ−x)/(θ+μ))
 * (d term / d log θ), into `elem`.
 */
function nbElement(G: Genes, g: number, xv: number, lt: number, mu: number, logMu: number): void {
  const t = G.theta[g];
  // l1 = log((θ+μ)/θ), l2 = log(μ/(θ+μ)), each without cancellation on its side of μ = θ
  let l1: number;
  let l2: number;
  if (mu <= t) {
    l1 = log1pRatio(mu, t);
    l2 = logMu - lt - l1;
  } else {
    l2 = -log1pRatio(t, mu);
    l1 = logMu - lt - l2;
  }
  let lgDiff: number;
  let psiDiff: number;
  const xi = xv | 0;
  if (xi === xv && xi >= 0 && xi <= SMALL_COUNT) {
    lgDiff = G.LG[g * K1 + xi];
    psiDiff = G.PSI[g * K1 + xi];
  } else {
    const logFact = xv < LOG_FACTORIAL_TABLE_SIZE && xv === Math.floor(xv) ? LOG_FACTORIAL[xv] : lgammaScalar(xv + 1);
    lgDiff = lgammaScalar(xv + t) - G.lgTheta[g] - logFact;
    psiDiff = digammaScalar(xv + t) - G.psiTheta[g];
  }
  const inv = 1 / (t + mu);
  elem[0] = lgDiff - t * l1 + xv * l2;
  elem[1] = xv - mu * (t + xv) * inv;
  elem[2] = t * (psiDiff - l1 + (mu - xv) * inv);
}

/** The float64 JS path, for every backend (see NB_SOFTMAX_KERNEL). */
function runJs(inputs: Float32Array[], outputs: Float32Array[], shapes: number[][], withGrad: boolean): void {
  const [logits, x, logLib, logTheta] = inputs;
  const [ll, dLogits, dTheta] = outputs;
  const [rows, genes] = shapes[0];
  const G = prepareGenes(logTheta, genes);
  const e = G.e;
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
      nbElement(G, g, x[o + g], logTheta[g], scale * e[g], logits[o + g] + logShift);
      total += elem[0];
      if (withGrad) {
        dLogits[o + g] = elem[1];
        qSum += elem[1];
        dTheta[o + g] = elem[2];
      }
    }
    ll[b] = total;
    if (withGrad) {
      const c = qSum / s;
      for (let g = 0; g < genes; g++) dLogits[o + g] -= c * e[g];
    }
  }
}

/**
 * The SIMD path on the wasm heap: f32x4 kernels for the bulk of each row; float64 JS for the
 * elements the SIMD kernel leaves out (counts above SMALL_COUNT or non-integer, and the last genes
 * when G is not a multiple of 4). Float32 arithmetic: relative error ~1e-6 on each element.
 */
function runHeap(ctx: HeapContext, shapes: number[][], attrs: NamedAttrMap): boolean {
  const k = simdKernels(ctx.memory);
  if (!k) return false;
  const withGrad = Boolean(attrs.withGrad);
  const [rows, genes] = shapes[0];
  const g4 = genes & ~3;
  const [hP, xP, libP, ltP] = ctx.inputs;
  const [llP, qP, dTP] = ctx.outputs;
  // scratch: e[G], θ[G], LG[G·K1], PSI[G·K1] (float32), 2 float64 results, G/4 group offsets (i32)
  const base = ctx.scratch(4 * (2 * genes + 2 * genes * K1) + 16 + genes + 16);
  const eP = base;
  const thetaP = eP + 4 * genes;
  const lgP = thetaP + 4 * genes;
  const psiP = lgP + 4 * genes * K1;
  const outP = (psiP + 4 * genes * K1 + 7) & ~7;
  const listP = outP + 16;
  const f32 = ctx.f32();
  const list = new Int32Array(ctx.memory.buffer, listP, genes >> 2);
  const f64 = new Float64Array(ctx.memory.buffer, outP, 2);
  const logTheta = f32.subarray(ltP >> 2, (ltP >> 2) + genes);
  const G = prepareGenes(logTheta, genes);
  f32.set(G.theta, thetaP >> 2);
  f32.set(G.LG, lgP >> 2);
  f32.set(G.PSI, psiP >> 2);
  for (let b = 0; b < rows; b++) {
    const o = b * genes;
    const h = (hP >> 2) + o;
    const x = (xP >> 2) + o;
    const e = eP >> 2;
    let mx = k.rowMax(hP + 4 * o, genes);
    for (let g = g4; g < genes; g++) mx = Math.max(mx, f32[h + g]);
    let s = k.rowExp(hP + 4 * o, eP, genes, mx);
    for (let g = g4; g < genes; g++) {
      f32[e + g] = fastExp(f32[h + g] - mx);
      s += f32[e + g];
    }
    const logLib = f32[(libP >> 2) + b];
    const scale = Math.exp(logLib) / s;
    const logShift = logLib - mx - Math.log(s);
    const groups = k.nbRow(hP + 4 * o, xP + 4 * o, eP, thetaP, ltP, lgP, psiP, withGrad ? qP + 4 * o : 0, withGrad ? dTP + 4 * o : 0, genes, scale, logShift, withGrad ? 1 : 0, outP, listP);
    let total = f64[0];
    let qSum = f64[1];
    // the elements SIMD left out: special lanes of the listed groups, and the last genes past g4
    const fix = (g: number) => {
      nbElement(G, g, f32[x + g], logTheta[g], scale * f32[e + g], f32[h + g] + logShift);
      total += elem[0];
      if (withGrad) {
        f32[(qP >> 2) + o + g] = elem[1];
        qSum += elem[1];
        f32[(dTP >> 2) + o + g] = elem[2];
      }
    };
    for (let j = 0; j < groups; j++) {
      const g0 = list[j] >> 2;
      for (let g = g0; g < g0 + 4; g++) {
        const xv = f32[x + g];
        if (!(xv >= 0 && xv <= SMALL_COUNT && xv === Math.floor(xv))) fix(g);
      }
    }
    for (let g = g4; g < genes; g++) fix(g);
    f32[(llP >> 2) + b] = total;
    if (withGrad) {
      const c = qSum / s;
      k.rowAxpy(qP + 4 * o, eP, genes, c);
      for (let g = g4; g < genes; g++) f32[(qP >> 2) + o + g] -= c * f32[e + g];
    }
  }
  return true;
}

/**
 * The fused negative-binomial log-likelihood with a softmax mean, in one pass per row:
 * μ = exp(logLibrary)·softmax(logits), θ = exp(logTheta), and
 * log NB(x | μ, θ) = lgamma(x+θ) − lgamma(θ) − lgamma(x+1) + θ·log(θ/(θ+μ)) + x·log(μ/(θ+μ)),
 * summed over genes → `ll` [B]. With `withGrad`, it also writes the gradients of each cell's sum:
 * d ll_b / d logits_bg = q_bg − p_bg·Σ_j q_bj with q = x − μ(θ+x)/(θ+μ), and the per-cell terms of
 * d ll_b / d logTheta_g = θ·(ψ(x+θ) − ψ(θ) − log(1 + μ/θ) + (μ − x)/(θ+μ)).
 * Inputs: logits [B, G], x [B, G], logLibrary [B], logTheta [G]. On the wasm backend the bulk runs
 * in SIMD (float32); elsewhere in float64 JS.
 */
export const NB_SOFTMAX_KERNEL: JsKernelSpec = {
  name: 'VaekitNbSoftmaxLogLik',
  inputs: ['logits', 'x', 'logLibrary', 'logTheta'],
  outputShapes(shapes: number[][], attrs: NamedAttrMap): number[][] {
    const [b, g] = shapes[0];
    return attrs.withGrad ? [[b], [b, g], [b, g]] : [[b]];
  },
  run(inputs, outputs, shapes, attrs) {
    runJs(inputs, outputs, shapes, Boolean(attrs.withGrad));
  },
  runHeap,
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
  runHeap(ctx: HeapContext, shapes: number[][]): boolean {
    const k = simdKernels(ctx.memory);
    if (!k) return false;
    const [rows, genes] = shapes[1];
    const g4 = genes & ~3;
    const [dyP, gLP, gTP] = ctx.inputs;
    const [dLP, dTP] = ctx.outputs;
    const f32 = ctx.f32();
    f32.fill(0, dTP >> 2, (dTP >> 2) + genes);
    for (let b = 0; b < rows; b++) {
      const o = b * genes;
      const d = f32[(dyP >> 2) + b];
      k.rowScale(dLP + 4 * o, gLP + 4 * o, genes, d);
      k.rowAdd(dTP, gTP + 4 * o, genes, d);
      for (let g = g4; g < genes; g++) {
        f32[(dLP >> 2) + o + g] = d * f32[(gLP >> 2) + o + g];
        f32[(dTP >> 2) + g] += d * f32[(gTP >> 2) + o + g];
      }
    }
    return true;
  },
};
