import { InputError } from '@vaekit/core';

const EPS = 2 ** -52;

/** Value and first derivative of a local polynomial fit at one point. */
export interface LocalFit {
  value: number;
  slope: number;
  /** True when the local design was (near) singular and a pseudo-inverse was used, as loess warns. */
  singular: boolean;
}

/**
 * One local regression of Cleveland's loess in one dimension (netlib `ehg127`): the `nf` points
 * nearest to `q` (of `xs`, sorted ascending), tricube weights on the distance scaled by the
 * nf-th smallest distance (its square times max(1, span) when span > 1), a weighted polynomial
 * of `degree` 0–2 in (x − q) with equilibrated columns, solved by Householder QR then an SVD of
 * R with loess's pseudo-inverse tolerance (singular values ≤ 100·ε·σ₁ dropped). Returns the fit
 * at q and its slope (0 for degree 0). `work` is scratch space of at least 4·nf values.
 */
export function loessLocalFit(
  xs: Float64Array,
  ys: Float64Array,
  q: number,
  nf: number,
  span: number,
  degree: number,
  work: Float64Array,
): LocalFit {
  const n = xs.length;
  // The nf nearest points of sorted xs form a window [lo, hi); grow it from q outwards.
  let lo = lowerBound(xs, q);
  let hi = lo;
  while (hi - lo < nf) {
    if (lo === 0) hi++;
    else if (hi === n) lo--;
    else if ((xs[lo - 1] - q) ** 2 <= (xs[hi] - q) ** 2) lo--;
    else hi++;
  }
  const rho = Math.max((xs[lo] - q) ** 2, (xs[hi - 1] - q) ** 2) * Math.max(1, span);
  if (!(rho > 0)) {
    throw new InputError(
      `loess: zero-width neighbourhood at x = ${q} (the ${nf} nearest points all equal it)`,
      'too many identical x values for this span; use a larger span',
    );
  }
  const k = degree + 1;
  const m = hi - lo;
  // Columns of the weighted design, each of length m, then the weighted response.
  const b0 = work.subarray(0, m);
  const b1 = work.subarray(m, 2 * m);
  const b2 = work.subarray(2 * m, 3 * m);
  const eta = work.subarray(3 * m, 4 * m);
  const cols = [b0, b1, b2].slice(0, k);
  let maxW = 0;
  for (let i = 0; i < m; i++) {
    const dx = xs[lo + i] - q;
    const r = Math.sqrt(dx * dx / rho);
    const w = Math.sqrt((1 - r ** 3) ** 3);
    if (w > maxW) maxW = w;
    b0[i] = w;
    if (k > 1) b1[i] = w * dx;
    if (k > 2) b2[i] = w * dx * dx;
    eta[i] = w * ys[lo + i];
  }
  if (maxW === 0) {
    throw new InputError(`loess: all data on the boundary of the neighbourhood at x = ${q}`, 'use a larger span');
  }
  // Equilibrate columns.
  const colnor = [1, 1, 1];
  for (let j = 0; j < k; j++) {
    const c = cols[j];
    let s = 0;
    for (let i = 0; i < m; i++) s += c[i] * c[i];
    s = Math.sqrt(s);
    if (s > 0) {
      for (let i = 0; i < m; i++) c[i] /= s;
      colnor[j] = s;
    }
  }
  // Householder QR (LINPACK dqrdc without pivoting) and Qᵀη (dqrsl).
  const qraux = [0, 0, 0];
  for (let l = 0; l < Math.min(k, m - 1); l++) {
    const c = cols[l];
    let nrm = 0;
    for (let i = l; i < m; i++) nrm += c[i] * c[i];
    nrm = Math.sqrt(nrm);
    if (nrm === 0) continue;
    if (c[l] !== 0) nrm = Math.sign(c[l]) * nrm;
    const inv = 1 / nrm;
    for (let i = l; i < m; i++) c[i] *= inv;
    c[l] += 1;
    for (let j = l + 1; j < k; j++) {
      const cj = cols[j];
      let t = 0;
      for (let i = l; i < m; i++) t -= c[i] * cj[i];
      t /= c[l];
      for (let i = l; i < m; i++) cj[i] += t * c[i];
    }
    qraux[l] = c[l];
    c[l] = -nrm;
  }
  for (let j = 0; j < Math.min(k, m - 1); j++) {
    if (qraux[j] === 0) continue;
    const c = cols[j];
    const diag = c[j];
    c[j] = qraux[j];
    let t = 0;
    for (let i = j; i < m; i++) t -= c[i] * eta[i];
    t /= c[j];
    for (let i = j; i < m; i++) eta[i] += t * c[i];
    c[j] = diag;
  }
  // R (upper triangle, k × k) and its SVD R = U Σ Vᵀ.
  const R: number[][] = [];
  for (let i = 0; i < k; i++) R.push(Array.from({ length: k }, (_, j) => (j >= i ? cols[j][i] : 0)));
  const { U, sigma, V } = smallSvd(R);
  const tol = sigma[0] * (100 * EPS);
  const singular = sigma[k - 1] <= tol;
  const gamma = new Array<number>(k).fill(0);
  for (let j = 0; j < k; j++) {
    if (!(tol < sigma[j])) continue;
    let s = 0;
    for (let i = 0; i < k; i++) s += U[i][j] * eta[i];
    gamma[j] = s / sigma[j];
  }
  const coef = (row: number): number => {
    if (row >= k) return 0;
    let s = 0;
    for (let j = 0; j < k; j++) s += (V[row][j] / colnor[row]) * gamma[j];
    return s;
  };
  return { value: coef(0), slope: coef(1), singular };
}

/** First index i with xs[i] >= q (xs sorted ascending). */
function lowerBound(xs: Float64Array, q: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < q) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * SVD of a small square matrix by one-sided Jacobi rotations: A = U diag(σ) Vᵀ with σ sorted
 * descending. Accurate to a few ulps for the 1–3 columns loess needs.
 */
function smallSvd(A: number[][]): { U: number[][]; sigma: number[]; V: number[][] } {
  const k = A.length;
  const W = A.map((r) => r.slice());
  const V: number[][] = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < k; i++) {
          alpha += W[i][p] * W[i][p];
          beta += W[i][q] * W[i][q];
          gamma += W[i][p] * W[i][q];
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < k; i++) {
          const wp = W[i][p];
          const wq = W[i][q];
          W[i][p] = c * wp - s * wq;
          W[i][q] = s * wp + c * wq;
          const vp = V[i][p];
          const vq = V[i][q];
          V[i][p] = c * vp - s * vq;
          V[i][q] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = Array.from({ length: k }, (_, j) => Math.sqrt(W.reduce((s, r) => s + r[j] * r[j], 0)));
  const order = norms.map((_, j) => j).sort((a, b) => norms[b] - norms[a]);
  const sigma = order.map((j) => norms[j]);
  const U = Array.from({ length: k }, (_, i) => order.map((j) => (norms[j] > 0 ? W[i][j] / norms[j] : 0)));
  const Vs = Array.from({ length: k }, (_, i) => order.map((j) => V[i][j]));
  return { U, sigma, V: Vs };
}
