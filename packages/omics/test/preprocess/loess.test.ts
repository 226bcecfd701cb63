import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '@vaekit/core';
import { loess } from '../../src/preprocess/loess.js';
import { buildLoessKdTree, findLeaf } from '../../src/preprocess/loess-kd-tree.js';
import { loessCases } from './fixtures.js';

describe('loess against scikit-misc (skmisc.loess.loess(x, y, span, degree).fit())', () => {
  for (const c of loessCases) {
    for (const surface of ['interpolate', 'direct'] as const) {
      it(`${c.name} (n = ${c.x.length}, span ${c.span}, degree ${c.degree}), surface '${surface}', to 1e-11`, () => {
        const { fitted, singularFits } = loess(c.x, c.y, { span: c.span, degree: c.degree, surface });
        expect(singularFits).toBe(0);
        let worst = 0;
        for (let i = 0; i < fitted.length; i++) worst = Math.max(worst, Math.abs(fitted[i] - c[surface][i]));
        expect(worst).toBeLessThan(1e-11);
      });
    }
  }

  it('the two surfaces differ (interpolation is not the exact local fit), by little', () => {
    const c = loessCases.find((k) => k.name === 'genes');
    if (!c) throw new Error('no genes case');
    let worst = 0;
    for (let i = 0; i < c.x.length; i++) worst = Math.max(worst, Math.abs(c.interpolate[i] - c.direct[i]));
    expect(worst).toBeGreaterThan(1e-6);
    expect(worst).toBeLessThan(0.05);
  });
});

describe('loess known answers', () => {
  const x = Array.from({ length: 60 }, (_, i) => Math.sin(i * 1.7) * 5 + i / 10);
  it('reproduces a quadratic exactly with degree 2, on both surfaces (cubic Hermite is exact on quadratics)', () => {
    const y = x.map((v) => 1.5 - 0.7 * v + 0.3 * v * v);
    for (const surface of ['interpolate', 'direct'] as const) {
      const f = loess(x, y, { span: 0.3, surface }).fitted;
      for (let i = 0; i < x.length; i++) expect(f[i]).toBeCloseTo(y[i], 9);
    }
  });

  it('reproduces a line with degree 1 and a constant with degree 0', () => {
    const line = x.map((v) => 2 + 3 * v);
    const f1 = loess(x, line, { span: 0.4, degree: 1 }).fitted;
    for (let i = 0; i < x.length; i++) expect(f1[i]).toBeCloseTo(line[i], 9);
    const f0 = loess(x, x.map(() => 4.25), { span: 0.4, degree: 0 }).fitted;
    for (let i = 0; i < x.length; i++) expect(f0[i]).toBeCloseTo(4.25, 12);
  });

  it('smooths: a noisy sine comes out closer to the sine than the data', () => {
    const xs = Array.from({ length: 400 }, (_, i) => (i / 400) * 10);
    let seed = 1;
    const noise = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5;
    };
    const ys = xs.map((v) => Math.sin(v) + noise());
    const f = loess(xs, ys, { span: 0.2 }).fitted;
    let errData = 0;
    let errFit = 0;
    for (let i = 0; i < xs.length; i++) {
      errData += (ys[i] - Math.sin(xs[i])) ** 2;
      errFit += (f[i] - Math.sin(xs[i])) ** 2;
    }
    expect(errFit).toBeLessThan(errData / 5);
  });

  it('rejects bad options and data with typed errors', () => {
    expect(() => loess([1, 2, 3], [1, 2], {})).toThrow(InputError);
    expect(() => loess([1, 2, NaN, 4], [1, 2, 3, 4], {})).toThrow(/point 2 is not finite/);
    expect(() => loess(x, x, { span: 0 })).toThrow(ConfigError);
    expect(() => loess(x, x, { degree: 3 })).toThrow(ConfigError);
    expect(() => loess(x, x, { span: 0.05 })).toThrow(/too few for degree 2/);
    // All points at the same x: every neighbourhood has zero width.
    expect(() => loess([1, 1, 1, 1, 1, 1, 1, 1], [1, 2, 3, 4, 5, 6, 7, 8], { span: 0.75, surface: 'direct' })).toThrow(/zero-width/);
  });
});

describe('loess k-d tree (netlib ehg126 / ehg124 in one dimension)', () => {
  it('widens the bounding box by 0.5 % and splits at medians until cells hold ≤ fc points', () => {
    const xs = Float64Array.from({ length: 100 }, (_, i) => i);
    const tree = buildLoessKdTree(xs, 10);
    expect(tree.vertices[0]).toBeCloseTo(-0.495, 12);
    expect(tree.vertices[1]).toBeCloseTo(99.495, 12);
    expect(tree.split[0]).toBe(49); // median of 0..99 at position ⌊(0 + 99) / 2⌋
    const leaves = tree.split.map((s, p) => (Number.isNaN(s) ? p : -1)).filter((p) => p >= 0);
    // 100 → 50 → 25 → 12/13 → 6/7: 16 leaves of ≤ 10 points.
    expect(leaves.length).toBe(16);
    for (let i = 0; i < 100; i++) {
      const leaf = findLeaf(tree, i);
      expect(tree.vertices[tree.left[leaf]]).toBeLessThanOrEqual(i);
      expect(tree.vertices[tree.right[leaf]]).toBeGreaterThanOrEqual(i);
    }
  });

  it('moves a split off a run of ties to the nearest change of value', () => {
    // The median position 3 is inside the run of 2s; the nearest change (right first, then left)
    // is between positions 1 and 2, so the split is at 1, not at the median value 2.
    const tree = buildLoessKdTree(Float64Array.from([1, 1, 2, 2, 2, 2, 2, 2]), 2);
    expect(tree.split[0]).toBe(1);
    // A cell whose points all equal its boundary is not split further.
    const flat = buildLoessKdTree(Float64Array.from([5, 5, 5, 5, 5, 5]), 1);
    expect(flat.split.filter((v) => !Number.isNaN(v))).toEqual([5]);
  });
});
