import { describe, expect, it } from 'vitest';
import { layoutOf, rowRange, shardRange } from '../../../src/parallel/layout.js';

describe('parallel layout', () => {
  it('lays variables back to back', () => {
    const l = layoutOf([
      { name: 'a', shape: [2, 3] },
      { name: 'b', shape: [4] },
    ]);
    expect(l.total).toBe(10);
    expect(l.slots.map((s) => [s.offset, s.size])).toEqual([
      [0, 6],
      [6, 4],
    ]);
  });

  it('shards cover [0, total) exactly once, on multiples of 16 inside', () => {
    for (const total of [0, 5, 16, 1000, 1_100_354]) {
      for (const n of [1, 2, 3]) {
        let next = 0;
        for (let k = 0; k < n; k++) {
          const [s0, s1] = shardRange(total, n, k);
          expect(s0).toBe(next);
          expect(s1).toBeGreaterThanOrEqual(s0);
          if (k < n - 1) expect(s1 % 16 === 0 || s1 === total).toBe(true);
          next = s1;
        }
        expect(next).toBe(total);
      }
    }
  });

  it('row ranges split a batch into near-equal consecutive parts', () => {
    expect([0, 1].map((k) => rowRange(5, 2, k))).toEqual([
      [0, 3],
      [3, 5],
    ]);
    expect([0, 1, 2].map((k) => rowRange(2, 3, k)).map(([a, b]) => b - a)).toEqual([1, 0, 1]);
  });
});
