import { digammaScalar, fastExp, lgammaScalar, LOG_FACTORIAL, LOG_FACTORIAL_TABLE_SIZE } from '../../../packages/core/dist/nn/scalar-special.js';
const SMALL_COUNT = 16, K1 = 17;
function logSum(logA, a, logB, b) {
    const big = a > b;
    const s = big ? b / (2 * a + b) : a / (2 * b + a);
    const s2 = s * s;
    const series = 1 + s2 * (1 / 3 + s2 * (1 / 5 + s2 * (1 / 7 + s2 * (1 / 9 + s2 * (1 / 11 + s2 * (1 / 13 + s2 * (1 / 15 + s2 / 17)))))));
    return (big ? logA : logB) + 2 * s * series;
}
function softmaxRow(logits, o, genes, e) {
  let mx = -Infinity;
  for (let g = 0; g < genes; g++) { const v = logits[o + g]; mx = v > mx ? v : mx; }
  let s = 0;
  for (let g = 0; g < genes; g++) { const v = fastExp(logits[o + g] - mx); e[g] = v; s += v; }
  return [mx, s];
}
function generalLg(xv, t, lgT) {
  const logFact = xv < LOG_FACTORIAL_TABLE_SIZE && xv === Math.floor(xv) ? LOG_FACTORIAL[xv] : lgammaScalar(xv + 1);
  return lgammaScalar(xv + t) - lgT - logFact;
}
function rowLoss(logits, x, o, genes, e, scale, logShift, theta, logTheta, LG, lgTheta) {
  let total = 0;
  for (let g = 0; g < genes; g++) {
    const xv = x[o + g]; const t = theta[g]; const mu = scale * e[g];
    const logMu = logits[o + g] + logShift;
    const ltm = logSum(logTheta[g], t, logMu, mu);
    const l1 = ltm - logTheta[g];
    const xi = xv | 0;
    const lgDiff = xi === xv && xi <= SMALL_COUNT ? LG[g * K1 + xi] : generalLg(xv, t, lgTheta[g]);
    total += -t * l1 + (xv === 0 ? 0 : xv * (logMu - ltm)) + lgDiff;
  }
  return total;
}
export const NB_SOFTMAX_KERNEL = { run(inputs, outputs, shapes, attrs) {
  const [logits, x, logLib, logTheta] = inputs; const [ll] = outputs; const [rows, genes] = shapes[0];
  const theta = new Float64Array(genes), lgTheta = new Float64Array(genes), LG = new Float64Array(genes * K1);
  for (let g = 0; g < genes; g++) { const t = Math.exp(logTheta[g]); theta[g] = t; lgTheta[g] = lgammaScalar(t); let lg = 0; for (let k = 0; k < SMALL_COUNT; k++) { lg += Math.log((t + k) / (k + 1)); LG[g * K1 + k + 1] = lg; } }
  const e = new Float64Array(genes);
  for (let b = 0; b < rows; b++) {
    const o = b * genes; const [mx, s] = softmaxRow(logits, o, genes, e);
    const scale = Math.exp(logLib[b]) / s; const logShift = logLib[b] - mx - Math.log(s);
    ll[b] = rowLoss(logits, x, o, genes, e, scale, logShift, theta, logTheta, LG, lgTheta);
  }
}};
