// linearR2 against sklearn's LinearRegression().score (fixture), and its edge cases.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '@vaekit/core';
import { linearR2 } from '@vaekit/multimodal';

interface Case {
  n: number;
  targetDim: number;
  predictorDim: number;
  targets: number[];
  predictors: number[];
  r2: number[];
}
const { cases } = JSON.parse(readFileSync(new URL('../fixtures/linear-r2.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('linearR2', () => {
  it('matches sklearn on noisy linear maps', () => {
    for (const c of cases) {
      const r = linearR2(c.targets, c.targetDim, c.predictors, c.predictorDim);
      r.perColumn.forEach((v, j) => expect(v).toBeCloseTo(c.r2[j], 9));
      expect(r.mean).toBeCloseTo(c.r2.reduce((a, b) => a + b, 0) / c.targetDim, 9);
    }
  });

  it('is 1 for an exact affine map (also through redundant predictors) and ~0 for unrelated ones', () => {
    const n = 50;
    const z = Array.from({ length: n }, (_, i) => Math.sin(i));
    const pred = z.flatMap((v) => [3 * v + 1, 3 * v + 1, -2]);
    expect(linearR2(z, 1, pred, 3).mean).toBeCloseTo(1, 9);
    const noise = Array.from({ length: n }, (_, i) => Math.cos(i * 12.9898) * 43758.5453 % 1);
    expect(linearR2(z, 1, noise, 1).mean).toBeLessThan(0.2);
  });

  it('rejects mismatched rows with an InputError', () => {
    expect(() => linearR2([1, 2, 3], 1, [1, 2], 1)).toThrow(InputError);
    expect(() => linearR2([1, 2], 1, [1, 2], 1)).toThrow(/too few/);
  });
});
