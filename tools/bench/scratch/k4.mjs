import { digammaScalar, lgammaScalar, LOG_FACTORIAL, LOG_FACTORIAL_TABLE_SIZE } from '../../../packages/core/dist/nn/scalar-special.js';
const SMALL_COUNT = 16, K1 = 17;
const T32=new Float64Array(32).map((_, j)=>Math.pow(2, j/32)); const P2=new Float64Array(2200).map((_, k)=>Math.pow(2,k-1100));
function fexp(v){ if (v < -745) return 0; const k = ((v * (32 / Math.LN2) + 35200.5) | 0) - 35200; const r = v - k * (Math.LN2 / 32); const r2 = r*r;
  return ((1 + r) + r2 * (0.5 + r * (1/6) + r2 * (1/24))) * T32[k & 31] * P2[(k >> 5) + 1100]; }
function logSum(logA, a, logB, b) { const big = a > b; const s = big ? b / (2 * a + b) : a / (2 * b + a); const s2 = s * s; const s4 = s2 * s2; const s8 = s4 * s4;
  const series = (1 + s2 * (1 / 3)) + s4 * (1 / 5 + s2 * (1 / 7)) + s8 * ((1 / 9 + s2 * (1 / 11)) + s4 * (1 / 13 + s2 * (1 / 15)) + s8 * (1 / 17));
  return (big ? logA : logB) + 2 * s * series; }
export const NB_SOFTMAX_KERNEL = { run(inputs, outputs, shapes, attrs) {
  const [logits, x, logLib, logTheta] = inputs; const [ll, dLogits, dTheta] = outputs; const [rows, genes] = shapes[0]; const withGrad = !!attrs.withGrad;
  const theta = new Float64Array(genes), lgTheta = new Float64Array(genes), psiTheta = new Float64Array(genes), LG = new Float64Array(genes * K1), PSI = new Float64Array(genes*K1);
  for (let g = 0; g < genes; g++) { const t = Math.exp(logTheta[g]); theta[g] = t; lgTheta[g] = lgammaScalar(t); psiTheta[g]=digammaScalar(t); let lg = 0, psi=0; for (let k = 0; k < SMALL_COUNT; k++) { lg += Math.log((t + k) / (k + 1)); psi += 1/(t+k); LG[g * K1 + k + 1] = lg; PSI[g*K1+k+1]=psi; } }
  const e = new Float64Array(genes);
  for (let b = 0; b < rows; b++) {
    const o = b * genes;
    let mx = -Infinity; for (let g = 0; g < genes; g++) { const v = logits[o + g]; if (v > mx) mx = v; }
    let s = 0; for (let g = 0; g < genes; g++) { const v = fexp(logits[o + g] - mx); e[g] = v; s += v; }
    const scale = Math.exp(logLib[b]) / s; const logShift = logLib[b] - mx - Math.log(s);
    let total = 0, qSum = 0;
    for (let g = 0; g < genes; g++) {
      const xv = x[o + g]; const t = theta[g]; const mu = scale * e[g];
      const logMu = logits[o + g] + logShift; const lt = logTheta[g];
      const ltm = logSum(lt, t, logMu, mu);
      const l1 = ltm - lt;
      const xi = xv | 0;
      let lgDiff = 0, psiDiff = 0;
      if (xi === xv && xi <= SMALL_COUNT) { const j = g * K1 + xi; lgDiff = LG[j]; psiDiff = PSI[j]; }
      else { const logFact = xv < LOG_FACTORIAL_TABLE_SIZE && xv === Math.floor(xv) ? LOG_FACTORIAL[xv] : lgammaScalar(xv + 1);
        lgDiff = lgammaScalar(xv + t) - lgTheta[g] - logFact; psiDiff = digammaScalar(xv + t) - psiTheta[g]; }
      total += lgDiff - t * l1 + xv * (logMu - ltm);
      if (withGrad) { const inv = 1 / (t + mu); const q = xv - mu * (t + xv) * inv; dLogits[o + g] = q; qSum += q; dTheta[o + g] = t * (psiDiff - l1 + (mu - xv) * inv); }
    }
    ll[b] = total;
    if (withGrad) { const c = qSum / s; for (let g = 0; g < genes; g++) dLogits[o + g] -= c * e[g]; }
  }
}};
