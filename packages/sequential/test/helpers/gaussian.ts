/** Float64 Gaussian algebra for the tests: the independent references the model is checked against. */

export interface LinearGaussianPrior {
  /** f(z) = z·A + b, i.e. z_t = Aᵀ z_{t−1} + b + noise; A is D×D. */
  A: number[][];
  offset: number[];
  /** Process-noise standard deviations √q. */
  noise: number[];
  mu0: number[];
  sigma0: number[];
  steps: number;
}

/** Joint mean [T·D] and covariance of z_{1:T} under a linear-Gaussian Markov prior, from the recursions. */
export function linearGaussianJoint(p: LinearGaussianPrior): { mean: number[]; cov: number[][] } {
  const D = p.mu0.length;
  const T = p.steps;
  const n = T * D;
  const mean = new Array<number>(n).fill(0);
  const cov = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const zA = (v: number[]) => Array.from({ length: D }, (_, d) => v.reduce((s, vi, i) => s + vi * p.A[i][d], 0));
  for (let d = 0; d < D; d++) {
    mean[d] = p.mu0[d];
    cov[d][d] = p.sigma0[d] ** 2;
  }
  for (let t = 1; t < T; t++) {
    const m = zA(mean.slice((t - 1) * D, t * D));
    for (let d = 0; d < D; d++) mean[t * D + d] = m[d] + p.offset[d];
    // Cov(z_t, z_s) = Aᵀ Cov(z_{t−1}, z_s) for s < t
    for (let s = 0; s < t * D; s++) {
      const col = zA(Array.from({ length: D }, (_, i) => cov[(t - 1) * D + i][s]));
      for (let d = 0; d < D; d++) cov[t * D + d][s] = cov[s][t * D + d] = col[d];
    }
    // Var(z_t) = Aᵀ Var(z_{t−1}) A + Q
    for (let d = 0; d < D; d++) {
      for (let e = 0; e < D; e++) {
        let v = 0;
        for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) v += p.A[i][d] * cov[(t - 1) * D + i][(t - 1) * D + j] * p.A[j][e];
        cov[t * D + d][t * D + e] = v + (d === e ? p.noise[d] ** 2 : 0);
      }
    }
  }
  return { mean, cov };
}

/** Inverse and log-determinant by Gauss–Jordan elimination (float64). */
export function invLogDet(m: number[][]): { inv: number[][]; logDet: number } {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  let logDet = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    logDet += Math.log(Math.abs(a[c][c]));
    const piv = a[c][c];
    for (let j = 0; j < 2 * n; j++) a[c][j] /= piv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c];
      for (let j = 0; j < 2 * n; j++) a[r][j] -= f * a[c][j];
    }
  }
  return { inv: a.map((row) => row.slice(n)), logDet };
}

/** KL(q ‖ p) for q = N(mq, diag(sq²)) and p = N(mp, Σp), float64. */
export function klDiagFull(mq: number[], sq: number[], mp: number[], cov: number[][]): number {
  const n = mq.length;
  const { inv, logDet } = invLogDet(cov);
  let tr = 0;
  let quad = 0;
  for (let i = 0; i < n; i++) {
    tr += inv[i][i] * sq[i] ** 2;
    for (let j = 0; j < n; j++) quad += (mp[i] - mq[i]) * inv[i][j] * (mp[j] - mq[j]);
  }
  const logDetQ = sq.reduce((s, v) => s + 2 * Math.log(v), 0);
  return 0.5 * (tr + quad - n + logDet - logDetQ);
}

/** log N(z; m, Σ), float64. */
export function logNormal(z: number[], m: number[], cov: number[][]): number {
  const { inv, logDet } = invLogDet(cov);
  let quad = 0;
  for (let i = 0; i < z.length; i++) for (let j = 0; j < z.length; j++) quad += (z[i] - m[i]) * inv[i][j] * (z[j] - m[j]);
  return -0.5 * (quad + logDet + z.length * Math.log(2 * Math.PI));
}

