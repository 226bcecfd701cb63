import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { adjustedRandIndex } from '../../src/metrics/adjusted-rand-index.js';
import { normalizedMutualInfo } from '../../src/metrics/normalized-mutual-info.js';
import { fixtures, lcgLabels } from './fixtures.js';

describe('adjustedRandIndex and normalizedMutualInfo against sklearn', () => {
  for (const c of fixtures.clustering) {
    it(`${c.name}: ARI ${c.ari.toFixed(4)}, NMI ${c.nmi.toFixed(4)}`, () => {
      expect(adjustedRandIndex(Int32Array.from(c.a), Int32Array.from(c.b))).toBeCloseTo(c.ari, 12);
      expect(normalizedMutualInfo(c.a, c.b)).toBeCloseTo(c.nmi, 12);
    });
  }
});

describe('clustering agreement properties', () => {
  const a = lcgLabels(500, 6, 1);
  const b = lcgLabels(500, 4, 2);
  // A permutation of the label names: 0→5, 1→3, 2→0, 3→4, 4→1, 5→2.
  const perm = [5, 3, 0, 4, 1, 2];
  const renamed = a.map((v) => perm[v]);

  it('ARI(a, a) = 1 and NMI(a, a) = 1', () => {
    expect(adjustedRandIndex(a, a)).toBe(1);
    expect(normalizedMutualInfo(a, a)).toBeCloseTo(1, 14);
  });

  it('are invariant to renaming the labels and symmetric', () => {
    expect(adjustedRandIndex(renamed, a)).toBe(1);
    expect(adjustedRandIndex(renamed, b)).toBeCloseTo(adjustedRandIndex(a, b), 14);
    expect(normalizedMutualInfo(renamed, b)).toBeCloseTo(normalizedMutualInfo(a, b), 14);
    expect(adjustedRandIndex(b, a)).toBeCloseTo(adjustedRandIndex(a, b), 14);
    expect(normalizedMutualInfo(b, a)).toBeCloseTo(normalizedMutualInfo(a, b), 14);
  });

  it('NMI stays in [0, 1] and ARI near 0 for independent labelings', () => {
    for (let seed = 0; seed < 20; seed++) {
      const x = lcgLabels(300, 2 + (seed % 7), 100 + seed);
      const y = lcgLabels(300, 2 + (seed % 5), 200 + seed);
      const nmi = normalizedMutualInfo(x, y);
      expect(nmi).toBeGreaterThanOrEqual(0);
      expect(nmi).toBeLessThanOrEqual(1);
      expect(Math.abs(adjustedRandIndex(x, y))).toBeLessThan(0.05);
    }
  });

  it('rejects labelings of different lengths and non-integer labels', () => {
    expect(() => adjustedRandIndex([0, 1, 1], [0, 1])).toThrow(InputError);
    expect(() => normalizedMutualInfo([0, 1.5], [0, 1])).toThrow(/not an integer/);
    expect(() => adjustedRandIndex([], [])).toThrow(InputError);
  });
});
