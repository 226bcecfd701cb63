import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { asPoints } from '../../src/metrics/points.js';
import { silhouetteSamples, silhouetteScore } from '../../src/metrics/silhouette.js';
import { fixtures } from './fixtures.js';

describe('silhouette against sklearn', () => {
  for (const c of fixtures.silhouette) {
    it(`${c.name}: per-sample widths and the mean`, () => {
      const points = asPoints(Float64Array.from(c.points), c.dim);
      const s = silhouetteSamples(points, Int32Array.from(c.labels));
      expect(s.length).toBe(c.samples.length);
      let worst = 0;
      for (let i = 0; i < s.length; i++) worst = Math.max(worst, Math.abs(s[i] - c.samples[i]));
      expect(worst).toBeLessThan(1e-10);
      expect(silhouetteScore(points, c.labels)).toBeCloseTo(c.score, 10);
    });
  }

  it('gives a singleton cluster a width of exactly 0', () => {
    const c = fixtures.silhouette.find((f) => f.name === 'random-with-singleton');
    if (c === undefined) throw new Error('fixture missing');
    const s = silhouetteSamples(asPoints(Float64Array.from(c.points), c.dim), c.labels);
    expect(s[c.labels.indexOf(9)]).toBe(0);
  });

  it('accepts float32 points', () => {
    const c = fixtures.silhouette[0];
    const s32 = silhouetteScore(asPoints(Float32Array.from(c.points), c.dim), c.labels);
    expect(s32).toBeCloseTo(c.score, 5);
  });

  it('rejects one cluster, a cluster per point, mismatched labels and non-finite points', () => {
    const p = asPoints(Float64Array.from([0, 0, 1, 1, 2, 2]), 2);
    expect(() => silhouetteScore(p, [0, 0, 0])).toThrow(InputError);
    expect(() => silhouetteScore(p, [0, 1, 2])).toThrow(/distinct labels/);
    expect(() => silhouetteScore(p, [0, 1])).toThrow(/2 entries for 3 points/);
    expect(() => silhouetteScore(asPoints(Float64Array.from([0, NaN, 1, 1, 2, 2]), 2), [0, 1, 1])).toThrow(/point 0, coordinate 1/);
  });
});
