import { describe, expect, it } from 'vitest';
import { ConfigError, InputError, knnGraph } from '@vaekit/core';
import { chiSquareSurvival } from '../../src/metrics/chi-square.js';
import { kbet } from '../../src/metrics/kbet.js';
import { kbetPerLabel } from '../../src/metrics/kbet-per-label.js';
import { CASES, fixtures, loadCase } from './fixtures.js';

describe('chiSquareSurvival against scipy.stats.chi2.sf', () => {
  it('matches on a grid of dof and x to 1e-12 relative', () => {
    for (const { dof, x, sf } of fixtures.chiSquare) {
      const got = chiSquareSurvival(x, dof);
      expect(Math.abs(got - sf), `dof ${dof}, x ${x}: ${got} vs ${sf}`).toBeLessThanOrEqual(1e-12 * sf + 1e-300);
    }
  });
});

describe('kBET against a NumPy transcription of kBET chi_batch_test and scib kBET', () => {
  for (const name of CASES) {
    const c = loadCase(name);
    it(`${name} (k0 = ${c.kbetK}): acceptance ${c.kbetAcceptance.toFixed(3)}, per label ${c.kbetPerLabel.toFixed(3)}`, () => {
      const r = kbet(c.embedding, c.batchCodes, { k: c.kbetK });
      expect(r.k).toBe(c.kbetK);
      for (let i = 0; i < r.pValues.length; i++) {
        expect(Math.abs(r.pValues[i] - c.kbetPValues[i])).toBeLessThanOrEqual(1e-10 * c.kbetPValues[i] + 1e-300);
      }
      expect(r.acceptance).toBeCloseTo(c.kbetAcceptance, 12);
      expect(r.rejection).toBeCloseTo(1 - c.kbetAcceptance, 12);
      const perLabel = kbetPerLabel(c.embedding, c.batchCodes, c.labelCodes);
      expect(perLabel.score).toBeCloseTo(c.kbetPerLabel, 12);
      const scored = perLabel.perLabel.filter((l) => l.acceptance !== undefined);
      expect(scored.map((l) => String(l.label))).toEqual(Object.keys(c.kbetPerLabelDetail));
      for (const l of scored) {
        expect(l.k).toBe(c.kbetPerLabelDetail[String(l.label)].k);
        expect(l.acceptance).toBeCloseTo(c.kbetPerLabelDetail[String(l.label)].acceptance, 12);
      }
    });
  }

  it('perfect mixing with k0 = 24 = 3 × 8: every neighbourhood is 8 + 8 + 8, all accepted', () => {
    const c = loadCase('mixed');
    const r = kbet(c.embedding, c.batchCodes, { k: 24 });
    expect(r.acceptance).toBe(1);
    expect(Math.min(...r.pValues)).toBeCloseTo(1, 12);
  });

  it('perfect separation: every neighbourhood is one batch, all rejected; default k0 is scib\'s 25', () => {
    const c = loadCase('separated');
    const r = kbet(c.embedding, c.batchCodes);
    expect(r.k).toBe(25);
    expect(r.acceptance).toBe(0);
  });

  it('takes a shared k-NN graph and rejects bad options', () => {
    const c = loadCase('structured');
    const graph = knnGraph(c.embedding, 30);
    expect(kbet(graph, c.batchCodes, { k: c.kbetK }).acceptance).toBeCloseTo(c.kbetAcceptance, 12);
    expect(() => kbet(c.embedding, new Int32Array(c.embedding.n))).toThrow(InputError);
    expect(() => kbet(c.embedding, c.batchCodes, { k: 1 })).toThrow(ConfigError);
    expect(() => kbet(c.embedding, c.batchCodes, { alpha: 1 })).toThrow(ConfigError);
  });
});
