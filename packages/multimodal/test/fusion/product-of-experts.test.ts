// The product of Gaussian experts against its closed form, masks against leaving experts out,
// float32 stability, and where gradients flow.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoTensorLeak } from '@vaekit/core/testing';
import { productOfExperts, type Expert } from '@vaekit/multimodal';
import { scoped } from '../scoped.js';

const WITH_PRIOR = { priorExpert: true, logVarRange: [-10, 10] as [number, number] };
const NO_PRIOR = { priorExpert: false, logVarRange: [-10, 10] as [number, number] };

const logNormal = (z: number, mu: number, v: number) => -0.5 * Math.log(2 * Math.PI * v) - (z - mu) ** 2 / (2 * v);

/** Experts [B, D] from plain arrays. */
function experts(locs: number[][][], logVars: number[][][]): Expert[] {
  return locs.map((l, m) => ({ loc: tf.tensor2d(l), logVar: tf.tensor2d(logVars[m]) }));
}

describe('productOfExperts', () => {
  it('matches a hand-worked example: N(1, 1) · N(3, 1/3) · N(0, 1) = N(2, 1/5)', () => {
    tf.tidy(() => {
      const q = productOfExperts(experts([[[1]], [[3]]], [[[0]], [[Math.log(1 / 3)]]]), tf.ones([1, 2]), WITH_PRIOR);
      expect(q.loc.dataSync()[0]).toBeCloseTo(2, 5);
      expect(q.scale.dataSync()[0] ** 2).toBeCloseTo(0.2, 6);
    });
  });

  it('is the normalised product of the expert densities: log q − Σ log experts is constant in z', () => {
    const locs = [[[0.7, -2]], [[-1.3, 0.4]], [[2.5, 1]]];
    const logVars = [[[0.3, -1]], [[-2, 1.2]], [[1, 0]]];
    for (const opts of [WITH_PRIOR, NO_PRIOR]) {
      const [mu, sd] = scoped(() => {
        const q = productOfExperts(experts(locs, logVars), tf.ones([1, 3]), opts);
        return [Array.from(q.loc.dataSync()), Array.from(q.scale.dataSync())];
      });
      for (let d = 0; d < 2; d++) {
        const gap = (z: number) => {
          let s = logNormal(z, mu[d], sd[d] ** 2);
          for (let m = 0; m < 3; m++) s -= logNormal(z, locs[m][0][d], Math.exp(logVars[m][0][d]));
          if (opts.priorExpert) s -= logNormal(z, 0, 1);
          return s;
        };
        const ref = gap(0);
        for (const z of [-4, -1.5, 0.3, 2, 5]) expect(Math.abs(gap(z) - ref), `d=${d} z=${z}`).toBeLessThan(2e-4 * (1 + z * z));
      }
    }
  });

  it('a 0 in the mask is exactly leaving that expert out, per sample, whatever its values', () => {
    const B = 4;
    const mask = [
      [1, 1, 1],
      [1, 0, 1],
      [0, 1, 0],
      [0, 0, 1],
    ];
    tf.tidy(() => {
      const es = [0, 1, 2].map((m) => ({ loc: tf.randomNormal([B, 3], 0, 2, 'float32', m + 1), logVar: tf.randomNormal([B, 3], 0, 1, 'float32', m + 11) }));
      // garbage (finite) in the masked experts' rows
      const garbage = es.map((e, m) => ({ loc: tf.where(tf.tensor2d(mask.map((r) => Array(3).fill(r[m] === 0))), tf.fill([B, 3], 1e6), e.loc), logVar: tf.where(tf.tensor2d(mask.map((r) => Array(3).fill(r[m] === 0))), tf.fill([B, 3], -9), e.logVar) }));
      const masked = productOfExperts(garbage, tf.tensor2d(mask), WITH_PRIOR);
      for (let b = 0; b < B; b++) {
        const kept = [0, 1, 2].filter((m) => mask[b][m] === 1);
        const row = (t: tf.Tensor) => tf.slice(t, [b, 0], [1, 3]);
        const alone = productOfExperts(kept.map((m) => ({ loc: row(es[m].loc), logVar: row(es[m].logVar) })), tf.ones([1, kept.length]), WITH_PRIOR);
        const got = tf.slice(masked.loc, [b, 0], [1, 3]).dataSync();
        const want = alone.loc.dataSync();
        for (let d = 0; d < 3; d++) expect(got[d]).toBeCloseTo(want[d], 5);
        expect(Array.from(tf.slice(masked.scale, [b, 0], [1, 3]).dataSync()).map((v) => v.toFixed(6))).toEqual(Array.from(alone.scale.dataSync()).map((v) => v.toFixed(6)));
      }
    });
  });

  it('with no expert present the result is the prior N(0, 1), with or without the prior expert', () => {
    for (const opts of [WITH_PRIOR, NO_PRIOR]) {
      tf.tidy(() => {
        const q = productOfExperts(experts([[[5, -5]], [[1, 2]]], [[[-3, 2]], [[0, 0]]]), tf.zeros([1, 2]), opts);
        expect(Array.from(q.loc.dataSync())).toEqual([0, 0]);
        expect(Array.from(q.scale.dataSync())).toEqual([1, 1]);
      });
    }
  });

  it('one expert without the prior expert is that expert (the plain VAE posterior)', () => {
    tf.tidy(() => {
      const q = productOfExperts(experts([[[0.5, -1.25]]], [[[0.4, -3]]]), tf.ones([1, 1]), NO_PRIOR);
      expect(q.loc.dataSync()[0]).toBeCloseTo(0.5, 6);
      expect(q.loc.dataSync()[1]).toBeCloseTo(-1.25, 6);
      expect(q.scale.dataSync()[0]).toBeCloseTo(Math.exp(0.2), 6);
      expect(q.scale.dataSync()[1]).toBeCloseTo(Math.exp(-1.5), 6);
    });
  });

  it('stays finite in float32 for extreme log-variances and means (clipped to logVarRange)', () => {
    tf.tidy(() => {
      const q = productOfExperts(experts([[[1e4, -3]], [[-2, 1e4]]], [[[-500, 500]], [[1e4, -1e4]]]), tf.ones([1, 2]), NO_PRIOR);
      const loc = Array.from(q.loc.dataSync());
      const scale = Array.from(q.scale.dataSync());
      expect([...loc, ...scale].every(Number.isFinite)).toBe(true);
      // dim 0: precisions e^10 (clipped) and e^-10 → the first expert dominates; dim 1 mirrored
      expect(loc[0]).toBeCloseTo((1e4 * Math.exp(10) - 2 * Math.exp(-10)) / (Math.exp(10) + Math.exp(-10)), 0);
      expect(scale[0]).toBeCloseTo(Math.exp(-5), 6);
      expect(loc[1]).toBeCloseTo(1e4, -1);
    });
  });

  it('passes no gradient to an expert whose mask is 0, and some to those present', () => {
    tf.tidy(() => {
      const loc0 = tf.tensor2d([[0.5], [1.5]]);
      const loc1 = tf.tensor2d([[-1], [2]]);
      const lv = tf.zeros([2, 1]);
      const mask = tf.tensor2d([
        [1, 0],
        [1, 1],
      ]);
      const [g0, g1] = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
        const q = productOfExperts([{ loc: a, logVar: lv }, { loc: b, logVar: lv }], mask, WITH_PRIOR);
        return tf.sum(tf.add(q.loc, q.scale));
      })([loc0, loc1]);
      expect(Array.from(g1.dataSync())[0]).toBe(0);
      expect(Array.from(g1.dataSync())[1]).toBeGreaterThan(0);
      expect(Array.from(g0.dataSync()).every((v) => v > 0)).toBe(true);
    });
  });

  it('leaks no tensors', async () => {
    const es = experts([[[1, 2]], [[3, 4]]], [[[0, 0]], [[1, 1]]]);
    const mask = tf.tensor2d([[1, 0]]);
    await expectNoTensorLeak(() => {
      const q = productOfExperts(es, mask, WITH_PRIOR);
      q.loc.dispose();
      q.scale.dispose();
    });
    tf.dispose([mask, ...es.flatMap((e) => [e.loc, e.logVar])]);
  });
});
