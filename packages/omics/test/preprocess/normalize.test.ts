import { describe, expect, it } from 'vitest';
import { ConfigError } from '@vaekit/core';
import { librarySize } from '../../src/preprocess/library-size.js';
import { log1p } from '../../src/preprocess/log1p.js';
import { normalizeTotal } from '../../src/preprocess/normalize-total.js';
import { hvgFixture, simulatedCounts, tinyCounts } from './fixtures.js';

const counts = simulatedCounts();

describe("librarySize, normalizeTotal and log1p against scanpy's normalize_total / log1p (float32)", () => {
  it('library sizes are the row sums', () => {
    expect(Array.from(librarySize(counts))).toEqual(hvgFixture.librarySize);
    expect(Array.from(librarySize(counts.X))).toEqual(hvgFixture.librarySize);
  });

  it('normalize_total(target_sum=1e4): bit-identical float32 values; every non-empty cell sums to 1e4', () => {
    const n = normalizeTotal(counts, 1e4);
    const stored = hvgFixture.indptr[12];
    expect(Array.from(n.X.data.subarray(0, stored))).toEqual(hvgFixture.normalized.map(Math.fround)); // 9 digits identify a float32
    const totals = librarySize(n);
    for (let r = 0; r < totals.length; r++) {
      if (hvgFixture.librarySize[r] === 0) expect(totals[r]).toBe(0);
      else expect(totals[r]).toBeCloseTo(1e4, 1);
    }
    expect(n.X.data).toBeInstanceOf(Float32Array);
    expect(Array.from(n.X.indices)).toEqual(hvgFixture.indices); // same sparsity pattern
    expect(counts.X.data[0]).toBe(hvgFixture.data[0]); // input untouched
  });

  it('log1p: within one float32 ulp of numpy (float32 log1p rounds independently)', () => {
    const l = log1p(normalizeTotal(counts.X, 1e4));
    const stored = hvgFixture.indptr[12];
    for (let k = 0; k < stored; k++) {
      const want = Math.fround(hvgFixture.log1p[k]);
      expect(Math.abs(l.data[k] - want)).toBeLessThanOrEqual(want * 2 ** -23);
    }
  });

  it('the empty cell stays all zero', () => {
    expect(hvgFixture.librarySize[7]).toBe(0);
    const l = log1p(normalizeTotal(counts, 1e4));
    expect(l.X.indptr[8] - l.X.indptr[7]).toBe(0);
  });

  it('target undefined scales to the median library size of the non-empty cells; log1p takes a base', () => {
    const m = tinyCounts([[1, 3], [0, 0], [2, 2], [5, 5]], ['a', 'b']);
    const n = normalizeTotal(m); // totals 4, 0, 4, 10 → median of 4, 4, 10 = 4
    expect(Array.from(n.X.toDense())).toEqual([1, 3, 0, 0, 2, 2, 2, 2]);
    const l2 = log1p(n.X, 2);
    expect(l2.toDense()[1]).toBeCloseTo(2, 6); // log2(1 + 3)
    expect(() => normalizeTotal(m, -1)).toThrow(ConfigError);
    expect(() => normalizeTotal(tinyCounts([[0, 0]], ['a', 'b']))).toThrow(/every cell has zero counts/);
    expect(() => log1p(m, 1)).toThrow(ConfigError);
  });
});
