import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '../../src/errors.js';
import { adjustedRandIndex } from '../../src/metrics/adjusted-rand-index.js';
import { kmeans } from '../../src/metrics/kmeans.js';
import { asPoints } from '../../src/metrics/points.js';
import { fixtures } from './fixtures.js';

describe('kmeans on well-separated blobs', () => {
  for (const c of fixtures.kmeans) {
    it(`${c.name}: recovers the blobs exactly and reaches sklearn's inertia`, () => {
      const points = asPoints(Float64Array.from(c.points), c.dim);
      const result = kmeans(points, c.k, { seed: 1 });
      expect(adjustedRandIndex(result.labels, c.truth)).toBe(1);
      expect(adjustedRandIndex(result.labels, c.labels)).toBe(1);
      expect(result.inertia).toBeCloseTo(c.inertia, 8);
      // The centres are the blob means and the inertia is the sum of squared distances to them.
      let inertia = 0;
      for (let i = 0; i < points.n; i++) {
        for (let t = 0; t < c.dim; t++) inertia += (c.points[i * c.dim + t] - result.centers[result.labels[i] * c.dim + t]) ** 2;
      }
      expect(inertia).toBeCloseTo(result.inertia, 8);
    });
  }

  it('is deterministic for a seed and finds the same optimum from other seeds', () => {
    const c = fixtures.kmeans[1];
    const points = asPoints(Float64Array.from(c.points), c.dim);
    const a = kmeans(points, c.k, { seed: 7, nInit: 3 });
    const b = kmeans(points, c.k, { seed: 7, nInit: 3 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
    const other = kmeans(points, c.k, { seed: 8, nInit: 10 });
    expect(other.inertia).toBeCloseTo(c.inertia, 8);
  });

  it('puts every point in its own cluster when k = n, with zero inertia', () => {
    const points = asPoints(Float64Array.from([0, 0, 5, 5, 10, 0, 3, 9]), 2);
    const r = kmeans(points, 4, { seed: 0, nInit: 1 });
    expect(new Set(r.labels).size).toBe(4);
    expect(r.inertia).toBe(0);
  });

  it('rejects bad k and options', () => {
    const points = asPoints(Float64Array.from([0, 1, 2, 3]), 1);
    expect(() => kmeans(points, 5)).toThrow(InputError);
    expect(() => kmeans(points, 0)).toThrow(InputError);
    expect(() => kmeans(points, 2, { nInit: 0 })).toThrow(ConfigError);
    expect(() => kmeans(points, 2, { maxIter: 1.5 })).toThrow(ConfigError);
  });
});
