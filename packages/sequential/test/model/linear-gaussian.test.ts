// A linear-Gaussian state-space model, where the ELBO, the exact log-likelihood (Kalman) and the
// exact posterior are all closed forms: the model's loss terms are checked against them.
import * as tf from '@tensorflow/tfjs-core';
import { expectNoTensorLeak } from '@vaekit/core/testing';
import { describe, expect, it } from 'vitest';
import { SequentialVAE, type LinearTransition, type MarkovGaussianPrior, type ReadoutDecoder } from '@vaekit/sequential';
import '../helpers/fixed-encoder.js';
import { invLogDet, klDiagFull, linearGaussianJoint, logNormal } from '../helpers/gaussian.js';

const D = 2;
const N = 3;
const T = 4;
const A = [
  [0.9, 0.2],
  [-0.3, 0.8],
];
const OFFSET = [0.1, -0.2];
const NOISE = [0.3, 0.5];
const MU0 = [0.5, -1];
const SIGMA0 = [1.2, 0.7];
const C = [
  [1.0, -0.5, 0.3],
  [0.2, 0.8, -1.1],
]; // x_t = z_t·C + d + ε
const DB = [0.4, -0.3, 1.0];
const R = 0.5;
const LOC = Array.from({ length: T * D }, (_, i) => Math.sin(1.3 * i));
const SCALE = Array.from({ length: T * D }, (_, i) => 0.25 + 0.3 * Math.abs(Math.cos(i)));
const X = Array.from({ length: T * N }, (_, i) => Math.cos(0.8 * i) * 1.5);

function model(): SequentialVAE {
  const m = SequentialVAE.create({
    neurons: N,
    latentDim: D,
    likelihood: { kind: 'gaussian', config: { variance: 'fixed', scale: R } },
    encoder: { kind: 'test-fixed', config: { loc: LOC, scale: SCALE, bins: T } },
    decoder: { kind: 'readout' },
    prior: { kind: 'markov-gaussian', config: { transition: { kind: 'linear' }, initial: 'learned' } },
  });
  const prior = m.prior as MarkovGaussianPrior;
  const lin = prior.transition as LinearTransition;
  const head = (m.decoder as ReadoutDecoder).heads[0];
  tf.tidy(() => {
    lin.matrix.assign(tf.tensor2d(A));
    lin.offset.assign(tf.tensor1d(OFFSET));
    prior.logNoise.assign(tf.log(tf.tensor1d(NOISE)));
    prior.initLoc!.assign(tf.tensor1d(MU0));
    prior.initLogScale!.assign(tf.log(tf.tensor1d(SIGMA0)));
    head.kernel.assign(tf.tensor2d(C));
    head.bias.assign(tf.tensor1d(DB));
  });
  return m;
}

/** E_q[log p(x | z)] in closed form: Σ_t,n log N(x; μ_t·C + d, R²) − ½ Σ_k C_kn² s_tk² / R². */
function expectedLogLik(): number {
  let total = 0;
  for (let t = 0; t < T; t++) {
    for (let n = 0; n < N; n++) {
      let mean = DB[n];
      let spread = 0;
      for (let k = 0; k < D; k++) {
        mean += LOC[t * D + k] * C[k][n];
        spread += C[k][n] ** 2 * SCALE[t * D + k] ** 2;
      }
      total += -0.5 * ((X[t * N + n] - mean) / R) ** 2 - Math.log(R) - 0.5 * Math.log(2 * Math.PI) - (0.5 * spread) / R ** 2;
    }
  }
  return total;
}

/** log p(x) (marginal of the joint Gaussian) and the exact posterior p(z | x). */
function exact(): { logPx: number; postMean: number[]; postCov: number[][] } {
  const { mean: mp, cov: sp } = linearGaussianJoint({ A, offset: OFFSET, noise: NOISE, mu0: MU0, sigma0: SIGMA0, steps: T });
  // M [T·N, T·D]: x = M z + d
  const M = Array.from({ length: T * N }, (_, r) => Array.from({ length: T * D }, (_, c) => (Math.floor(r / N) === Math.floor(c / D) ? C[c % D][r % N] : 0)));
  const mx = M.map((row, r) => row.reduce((s, v, c) => s + v * mp[c], 0) + DB[r % N]);
  const cx = M.map((ri) => M.map((rj, j) => ri.reduce((s, a, k) => s + a * rj.reduce((u, b, l) => u + sp[k][l] * b, 0), 0) + 0 * j));
  for (let i = 0; i < T * N; i++) cx[i][i] += R * R;
  const logPx = logNormal(X, mx, cx);
  const spInv = invLogDet(sp).inv;
  const precision = spInv.map((row, i) => row.map((v, j) => v + M.reduce((s, mr) => s + (mr[i] * mr[j]) / (R * R), 0)));
  const postCov = invLogDet(precision).inv;
  const rhs = spInv.map((row, i) => row.reduce((s, v, j) => s + v * mp[j], 0) + M.reduce((s, mr, r) => s + (mr[i] * (X[r] - DB[r % N])) / (R * R), 0));
  const postMean = postCov.map((row) => row.reduce((s, v, j) => s + v * rhs[j], 0));
  return { logPx, postMean, postCov };
}

describe('linear-Gaussian state-space model: ELBO in closed form', () => {
  it("the loss's KL is the exact KL, its reconstruction is the closed-form E_q[log p(x|z)], and log p(x) − ELBO = KL(q ‖ p(z|x))", async () => {
    const m = model();
    const copies = 4000;
    const batch = { x: tf.tile(tf.tensor3d(X, [1, T, N]), [copies, 1, 1]) };
    const recs: number[] = [];
    let kl = 0;
    await expectNoTensorLeak(() => {
      for (let seed = 1; seed <= 5; seed++) {
        const out = m.loss(batch, { beta: 1, freeBits: 0, samples: 1, seed, training: false });
        recs.push(out.terms.reconstruction.dataSync()[0]);
        kl = out.terms.kl.dataSync()[0];
        expect(Math.abs(out.loss.dataSync()[0] - (kl - recs[recs.length - 1]))).toBeLessThan(1e-3);
        tf.dispose([out.loss, out.klPerDim, ...Object.values(out.terms)]);
      }
    });
    batch.x.dispose();
    const { mean: mp, cov: sp } = linearGaussianJoint({ A, offset: OFFSET, noise: NOISE, mu0: MU0, sigma0: SIGMA0, steps: T });
    const klExact = klDiagFull(LOC, SCALE, mp, sp);
    expect(Math.abs(kl - klExact)).toBeLessThan(1e-4 * Math.max(1, klExact));
    const rec = recs.reduce((a, b) => a + b, 0) / recs.length;
    const se = Math.sqrt(recs.reduce((s, v) => s + (v - rec) ** 2, 0) / (recs.length - 1) / recs.length);
    const ell = expectedLogLik();
    expect(Math.abs(rec - ell)).toBeLessThan(4 * se + 1e-3 * Math.abs(ell));
    // the ELBO identity with the exact posterior: log p(x) − (E − KL) = KL(q ‖ p(z | x)) ≥ 0
    const { logPx, postMean, postCov } = exact();
    const elbo = ell - kl;
    const gap = klDiagFull(LOC, SCALE, postMean, postCov);
    expect(gap).toBeGreaterThan(0);
    expect(Math.abs(logPx - elbo - gap)).toBeLessThan(1e-3 * Math.max(1, Math.abs(logPx)));
    m.dispose();
  });
});
