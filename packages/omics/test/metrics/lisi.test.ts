import { describe, expect, it } from 'vitest';
import { ConfigError, InputError, knnGraph } from '@vaekit/core';
import { cLisi, iLisi } from '../../src/metrics/integration-lisi.js';
import { lisi } from '../../src/metrics/lisi.js';
import { CASES, loadCase, maxAbsDiff } from './fixtures.js';

describe('LISI against a NumPy transcription of harmony compute_lisi', () => {
  for (const name of CASES) {
    const c = loadCase(name);
    it(`${name} (perplexity ${c.perplexity}): per-cell batch and label LISI, scaled iLISI ${c.iLisi.toFixed(4)} and cLISI ${c.cLisi.toFixed(4)}`, () => {
      const options = { perplexity: c.perplexity };
      expect(maxAbsDiff(lisi(c.embedding, c.batchCodes, options), c.lisiBatch)).toBeLessThan(1e-7);
      expect(maxAbsDiff(lisi(c.embedding, c.labelCodes, options), c.lisiLabel)).toBeLessThan(1e-7);
      expect(iLisi(c.embedding, c.batchCodes, options)).toBeCloseTo(c.iLisi, 7);
      expect(cLisi(c.embedding, c.labelCodes, options)).toBeCloseTo(c.cLisi, 7);
    });
  }

  it('perfect separation: every neighbourhood is one batch and one type, so iLISI = 0 and cLISI = 1', () => {
    const c = loadCase('separated');
    const values = lisi(c.embedding, c.batchCodes, { perplexity: 8 });
    expect(Math.max(...values)).toBeCloseTo(1, 12);
    expect(iLisi(c.embedding, c.batchCodes, { perplexity: 8 })).toBeCloseTo(0, 12);
    expect(cLisi(c.embedding, c.labelCodes, { perplexity: 8 })).toBeCloseTo(1, 12);
    expect(iLisi(c.embedding, c.batchCodes, { perplexity: 8, scale: false })).toBeCloseTo(1, 12);
  });

  it('perfect mixing: LISI lies strictly between 2 and 3 (the cell has twins in the two other batches, none in its own)', () => {
    const c = loadCase('mixed');
    const values = lisi(c.embedding, c.batchCodes, { perplexity: 8 });
    expect(Math.min(...values)).toBeGreaterThan(2);
    expect(Math.max(...values)).toBeLessThan(3);
  });

  it('gives the same values from a shared k-NN graph with more neighbours than needed', () => {
    const c = loadCase('structured');
    const graph = knnGraph(c.embedding, 100);
    expect(maxAbsDiff(lisi(graph, c.batchCodes), c.lisiBatch)).toBeLessThan(1e-7);
    expect(() => lisi(knnGraph(c.embedding, 50), c.batchCodes)).toThrow(/89 are needed/);
  });

  it('rejects too few cells, one batch and bad perplexities', () => {
    const c = loadCase('overlapping');
    expect(() => lisi(c.embedding, c.batchCodes, { perplexity: 100 })).toThrow(InputError);
    expect(() => iLisi(c.embedding, new Int32Array(c.embedding.n), { perplexity: 5 })).toThrow(/one batch/);
    expect(() => lisi(c.embedding, c.batchCodes, { perplexity: -1 })).toThrow(ConfigError);
    expect(() => lisi(c.embedding, c.batchCodes.subarray(1), { perplexity: 5 })).toThrow(/entries for 240 cells/);
  });
});
