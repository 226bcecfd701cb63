import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { knnGraph, truncateKnnGraph } from '../../src/metrics/knn-graph.js';
import { asPoints } from '../../src/metrics/points.js';
import { fixtures } from './fixtures.js';

describe('knnGraph against sklearn NearestNeighbors(algorithm="brute").kneighbors()', () => {
  for (const c of fixtures.knn) {
    it(`${c.name}, k = ${c.k}: same neighbours in the same order, same distances`, () => {
      const g = knnGraph(asPoints(Float64Array.from(c.points), c.dim), c.k);
      expect(g.n * g.k).toBe(c.indices.length);
      expect(Array.from(g.indices)).toEqual(c.indices);
      let worst = 0;
      for (let i = 0; i < c.distances.length; i++) worst = Math.max(worst, Math.abs(g.distances[i] - c.distances[i]));
      expect(worst).toBeLessThan(1e-12);
    });
  }

  it('truncates to the first k neighbours', () => {
    const c = fixtures.knn[0];
    const g = knnGraph(asPoints(Float64Array.from(c.points), c.dim), c.k);
    const t = truncateKnnGraph(g, 3);
    for (let i = 0; i < g.n; i++) {
      expect(Array.from(t.indices.subarray(i * 3, i * 3 + 3))).toEqual(c.indices.slice(i * c.k, i * c.k + 3));
    }
    expect(() => truncateKnnGraph(g, c.k + 1)).toThrow(InputError);
  });

  it('excludes the point itself but keeps its duplicates, at distance 0, ties by lower index', () => {
    // Points 0 and 2 coincide; point 1 is 1 away; points 3 and 4 are both 2 away from point 0.
    const p = asPoints(Float64Array.from([0, 0, 1, 0, 0, 0, 0, 2, -2, 0]), 2);
    const g = knnGraph(p, 4);
    expect(Array.from(g.indices.subarray(0, 4))).toEqual([2, 1, 3, 4]);
    expect(Array.from(g.distances.subarray(0, 4))).toEqual([0, 1, 2, 2]);
    expect(Array.from(g.indices.subarray(8, 12))).toEqual([0, 1, 3, 4]);
    expect(Array.from(g.indices.subarray(12, 16))).toEqual([0, 2, 1, 4]);
  });

  it('rejects k outside [1, n − 1]', () => {
    const p = asPoints(Float64Array.from([0, 1, 2]), 1);
    expect(() => knnGraph(p, 3)).toThrow(InputError);
    expect(() => knnGraph(p, 0)).toThrow(/k = 0/);
  });
});
