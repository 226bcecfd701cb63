import { describe, expect, it } from 'vitest';
import { InputError, asPoints } from '@vaekit/core';
import { batchAsw } from '../../src/metrics/batch-asw.js';
import { labelAsw } from '../../src/metrics/label-asw.js';
import { CASES, loadCase } from './fixtures.js';

describe('label and batch ASW against sklearn silhouettes wrapped as scib', () => {
  for (const name of CASES) {
    const c = loadCase(name);
    it(`${name}: label ASW ${c.labelAsw.toFixed(4)}, batch ASW ${c.batchAsw.toFixed(4)}`, () => {
      // The references run sklearn on exact distances (see the fixture script), so agreement is to rounding.
      expect(labelAsw(c.embedding, c.labelCodes)).toBeCloseTo(c.labelAsw, 12);
      const result = batchAsw(c.embedding, c.batchCodes, c.labelCodes);
      expect(result.score).toBeCloseTo(c.batchAsw, 12);
      const scored = result.perLabel.filter((l) => l.score !== undefined);
      expect(scored.map((l) => String(l.label))).toEqual(Object.keys(c.batchAswPerLabel));
      for (const l of scored) expect(l.score).toBeCloseTo(c.batchAswPerLabel[String(l.label)], 12);
    });
  }

  it('perfect mixing: each cell sits on a twin from every other batch, so |s| = 1/25 and batch ASW = 1 − 1/25', () => {
    const c = loadCase('mixed');
    expect(batchAsw(c.embedding, c.batchCodes, c.labelCodes).score).toBeCloseTo(1 - 1 / 25, 12);
  });

  it('perfect separation: batch ASW near 0', () => {
    const c = loadCase('separated');
    expect(batchAsw(c.embedding, c.batchCodes, c.labelCodes).score).toBeLessThan(0.01);
  });

  it('skips cell types from a single batch (as scib) and throws when none is left', () => {
    const p = asPoints(Float64Array.from([0, 0.1, 0.2, 5, 5.1, 5.3, 9, 9.2]), 1);
    const batches = [0, 1, 0, 1, 1, 1, 0, 0];
    const labels = [0, 0, 0, 1, 1, 1, 2, 2];
    const r = batchAsw(p, batches, labels);
    expect(r.perLabel.map((l) => l.score === undefined)).toEqual([false, true, true]);
    expect(r.score).toBeCloseTo(r.perLabel[0].score as number, 15);
    expect(() => batchAsw(p, [0, 0, 0, 1, 1, 1, 0, 0], labels)).toThrow(InputError);
  });
});
