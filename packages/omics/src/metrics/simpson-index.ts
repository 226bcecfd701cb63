/** Binary-search tolerance on the entropy and number of tries, as harmony's `compute_simpson`. */
const TOL = 1e-5;
const TRIES = 50;

/**
 * The Simpson index Σ_c (Σ_{j ∈ N(i), category(j) = c} p_ij)² of one cell's neighbourhood, with
 * p_ij ∝ exp(−β d_ij) over its neighbours (Euclidean distances, not squared) and β found by
 * bisection so that the entropy of p is log(perplexity) — Korsunsky et al. 2019, step for step as
 * harmony's `compute_simpson` (β starts at 1, doubles / halves until bracketed, then bisects;
 * |H − log U| < 1e-5 or 50 tries). Returns -1 where every weight underflows (harmony's marker).
 * `p` is scratch space of at least `count` entries; `mass` of at least `categories` entries.
 */
export function simpsonIndex(
  distances: Float64Array,
  neighbours: Int32Array,
  offset: number,
  count: number,
  codes: Int32Array,
  categories: number,
  perplexity: number,
  p: Float64Array,
  mass: Float64Array,
): number {
  const logU = Math.log(perplexity);
  let beta = 1;
  let betaMin = -Infinity;
  let betaMax = Infinity;
  let h = 0;
  const evaluate = (): void => {
    let sum = 0;
    let weighted = 0;
    for (let t = 0; t < count; t++) {
      const d = distances[offset + t];
      const w = Math.exp(-d * beta);
      p[t] = w;
      sum += w;
      weighted += d * w;
    }
    if (sum === 0) {
      h = 0;
      p.fill(0, 0, count);
      return;
    }
    h = Math.log(sum) + (beta * weighted) / sum;
    for (let t = 0; t < count; t++) p[t] /= sum;
  };
  evaluate();
  let diff = h - logU;
  for (let tries = 0; tries < TRIES && Math.abs(diff) >= TOL; tries++) {
    if (diff > 0) {
      betaMin = beta;
      beta = Number.isFinite(betaMax) ? (beta + betaMax) / 2 : beta * 2;
    } else {
      betaMax = beta;
      beta = Number.isFinite(betaMin) ? (beta + betaMin) / 2 : beta / 2;
    }
    evaluate();
    diff = h - logU;
  }
  if (h === 0) return -1;
  mass.fill(0, 0, categories);
  for (let t = 0; t < count; t++) mass[codes[neighbours[offset + t]]] += p[t];
  let simpson = 0;
  for (let c = 0; c < categories; c++) simpson += mass[c] * mass[c];
  return simpson;
}
