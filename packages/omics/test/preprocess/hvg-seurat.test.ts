import { describe, expect, it } from 'vitest';
import { ConfigError } from '@vaekit/core';
import { hvgSeurat } from '../../src/preprocess/hvg-seurat.js';
import { highlyVariableGenes } from '../../src/preprocess/highly-variable-genes.js';
import { log1p } from '../../src/preprocess/log1p.js';
import { normalizeTotal } from '../../src/preprocess/normalize-total.js';
import { hvgFixture, maxRelDiff, simulatedCounts, tinyCounts } from './fixtures.js';

// scanpy's recipe: normalize_total(1e4), log1p, then highly_variable_genes(flavor='seurat').
const logNormalized = log1p(normalizeTotal(simulatedCounts(), 1e4));
const CASES = [
  { name: 'n50', options: { nTopGenes: 50 } },
  { name: 'cutoffs', options: {} },
  { name: 'batch_n50', options: { nTopGenes: 50, batchKey: 'batch' } },
  { name: 'batch_cutoffs', options: { batchKey: 'batch' } },
];

describe("hvgSeurat against a pandas transcription of scanpy's seurat flavor (single batch and batched)", () => {
  for (const { name, options } of CASES) {
    const ref = hvgFixture.seurat[name];
    it(`${name}: the same ${ref.selected.length} genes; means and dispersions to float32 precision`, () => {
      const r = hvgSeurat(logNormalized, options);
      expect(Array.from(r.selected)).toEqual(ref.selected);
      // The inputs are float32 (log1p, expm1 of float32 in scanpy): agreement is to ~1e-7 relative.
      expect(maxRelDiff(r.means, ref.means, 1e-6)).toBeLessThan(1e-6);
      expect(maxRelDiff(r.dispersions, ref.dispersions, 1e-3)).toBeLessThan(1e-6);
      let worst = 0;
      for (let j = 0; j < r.dispersionsNorm.length; j++) {
        const want = ref.dispersionsNorm[j];
        if (want === null) expect(r.dispersionsNorm[j]).toBeNaN();
        else worst = Math.max(worst, Math.abs(r.dispersionsNorm[j] - want));
      }
      expect(worst).toBeLessThan(1e-4);
      if (ref.nBatches) expect(Array.from(r.nBatches ?? [])).toEqual(ref.nBatches);
    });
  }

  it('genes never expressed have NaN dispersion and are never selected', () => {
    const r = hvgSeurat(logNormalized, { nTopGenes: 50 });
    for (let j = 390; j < 395; j++) {
      expect(r.dispersions[j]).toBeNaN();
      expect(r.highlyVariable[j]).toBe(0);
    }
  });

  it('a gene alone in its mean bin gets normalised dispersion 1 (scanpy sets its bin sd to its own dispersion)', () => {
    // Gene 'hi' has a much larger mean than the others: alone in the top bin.
    const rows = Array.from({ length: 6 }, (_, i) => [i % 2, (i + 1) % 2, i % 3 === 0 ? 1 : 0, 200 + 50 * i]);
    const m = log1p(normalizeTotal(tinyCounts(rows, ['a', 'b', 'c', 'hi']), 1e4));
    const r = hvgSeurat(m, { nBins: 5, nTopGenes: 1 });
    expect(r.dispersionsNorm[3]).toBeCloseTo(1, 12);
  });

  it('intersection marks genes selected in every batch', () => {
    const r = hvgSeurat(logNormalized, { batchKey: 'batch' });
    for (let j = 0; j < r.intersection!.length; j++) expect(r.intersection![j]).toBe(r.nBatches![j] === 2 ? 1 : 0);
    expect(r.batches).toEqual(['a', 'b']);
  });

  it('highlyVariableGenes dispatches on the flavor and rejects unknown ones', () => {
    const r = highlyVariableGenes(logNormalized, { flavor: 'seurat', nTopGenes: 50 });
    expect(Array.from(r.selected)).toEqual(hvgFixture.seurat.n50.selected);
    expect(() => highlyVariableGenes(logNormalized, { flavor: 'cell_ranger' as 'seurat' })).toThrow(ConfigError);
    expect(() => hvgSeurat(logNormalized, { nBins: 0 })).toThrow(ConfigError);
  });
});
