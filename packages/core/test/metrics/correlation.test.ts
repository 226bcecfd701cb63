import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { averageRanks, pearson, spearman } from '../../src/metrics/correlation.js';
import { r2Score } from '../../src/metrics/r2-score.js';
import { fixtures } from './fixtures.js';

describe('pearson, spearman and r2Score against scipy / sklearn', () => {
  for (const c of fixtures.correlation) {
    it(c.name, () => {
      expect(pearson(c.x, c.y)).toBeCloseTo(c.pearson, 12);
      expect(spearman(Float64Array.from(c.x), Float32Array.from(c.y))).toBeCloseTo(c.spearman, 12);
      expect(r2Score(c.x, c.y)).toBeCloseTo(c.r2, 12);
    });
  }
});

describe('correlation edge cases', () => {
  it('averages the ranks of ties', () => {
    expect(Array.from(averageRanks([10, 20, 10, 30, 20, 10]))).toEqual([2, 4.5, 2, 6, 4.5, 2]);
  });

  it('r2Score is 1 for exact predictions and follows sklearn for a constant truth', () => {
    expect(r2Score([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(r2Score([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(r2Score([2, 2, 2], [2, 2, 3])).toBe(0);
    expect(r2Score([1, 2, 3], [2, 2, 2])).toBeCloseTo(0, 15);
  });

  it('throws rather than returning NaN for constant or mismatched inputs', () => {
    expect(() => pearson([1, 1, 1], [1, 2, 3])).toThrow(/x is constant/);
    expect(() => spearman([1, 2, 3], [4, 4, 4])).toThrow(InputError);
    expect(() => pearson([1, 2], [1, 2, 3])).toThrow(InputError);
    expect(() => r2Score([1, NaN], [1, 2])).toThrow(/yTrue\[1\] is NaN/);
  });
});
