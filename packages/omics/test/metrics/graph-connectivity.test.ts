import { describe, expect, it } from 'vitest';
import { ConfigError, asPoints, knnGraph } from '@vaekit/core';
import { graphConnectivity } from '../../src/metrics/graph-connectivity.js';
import { CASES, loadCase, maxAbsDiff } from './fixtures.js';

describe('graph connectivity against scib with scipy connected_components', () => {
  for (const name of CASES) {
    const c = loadCase(name);
    it(`${name}: ${c.graphConnectivity.toFixed(4)}`, () => {
      const r = graphConnectivity(c.embedding, c.labelCodes);
      expect(r.score).toBeCloseTo(c.graphConnectivity, 12);
      expect(maxAbsDiff(r.perLabel.map((l) => l.largestComponent), c.graphConnectivityPerLabel)).toBeLessThan(1e-12);
    });
  }

  it('perfect separation: each type falls into three equal batch blobs, so the score is exactly 1/3', () => {
    const c = loadCase('separated');
    expect(graphConnectivity(knnGraph(c.embedding, 20), c.labelCodes).score).toBe(1 / 3);
  });

  it('is 1 when each type is one chain, and counts a chain broken by another type', () => {
    // Points on a line: type 0 at 0..4, type 1 at 10..14; with k = 2 each point links its nearest neighbour.
    const line = asPoints(Float64Array.from([0, 1, 2, 3, 4, 10, 11, 12, 13, 14]), 1);
    expect(graphConnectivity(line, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], { k: 2 }).score).toBe(1);
    // Type 1 now owns the middle point of type 0's chain: type 0 splits into {0, 1} and {3, 4}.
    const r = graphConnectivity(line, [0, 0, 1, 0, 0, 1, 1, 1, 1, 1], { k: 2 });
    expect(r.perLabel[0].largestComponent).toBe(2 / 4);
    expect(r.perLabel[1].largestComponent).toBe(5 / 6);
    expect(() => graphConnectivity(line, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], { k: 1 })).toThrow(ConfigError);
  });
});
