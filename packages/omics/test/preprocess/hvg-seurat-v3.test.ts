import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '@vaekit/core';
import { CsrMatrix } from '../../src/matrix/csr-matrix.js';
import { hvgSeuratV3 } from '../../src/preprocess/hvg-seurat-v3.js';
import { highlyVariableGenes } from '../../src/preprocess/highly-variable-genes.js';
import { hvgFixture, maxRelDiff, simulatedCounts, tinyCounts } from './fixtures.js';

const counts = simulatedCounts();
const CASES = [
  { name: 'n50', options: { nTopGenes: 50 } },
  { name: 'n100', options: { nTopGenes: 100 } },
  { name: 'batch_n50', options: { nTopGenes: 50, batchKey: 'batch' } },
  { name: 'batch_n100', options: { nTopGenes: 100, batchKey: 'batch' } },
  { name: 'batch_paper_n50', options: { nTopGenes: 50, batchKey: 'batch', flavor: 'seurat_v3_paper' as const } },
];

describe("hvgSeuratV3 against a NumPy transcription of scanpy's _highly_variable_genes_seurat_v3 with skmisc loess", () => {
  for (const { name, options } of CASES) {
    const ref = hvgFixture.seuratV3[name];
    it(`${name}: the same genes, ranks, batch counts and normalised variances (1e-9)`, () => {
      expect(ref.tieAcrossCutoff.every((t) => !t)).toBe(true); // the selection does not hinge on tie order
      const r = hvgSeuratV3(counts, options);
      expect(Array.from(r.selected)).toEqual(ref.selected);
      expect(r.genes).toEqual(ref.selected.map((j) => hvgFixture.genes[j]));
      expect(maxRelDiff(r.variancesNorm, ref.variancesNorm, 1e-12)).toBeLessThan(1e-9);
      expect(Array.from(r.rank, (v) => (Number.isNaN(v) ? null : v))).toEqual(ref.rank);
      expect(Array.from(r.nBatches)).toEqual(ref.nBatches);
      expect(r.singularFits).toBe(0);
      expect(r.warnings).toEqual([]);
      expect(r.batches).toEqual(options.batchKey ? ['a', 'b'] : undefined);
    });
  }

  it('means and variances over all cells match', () => {
    const ref = hvgFixture.seuratV3.n50;
    const r = hvgSeuratV3(counts, { nTopGenes: 50 });
    expect(maxRelDiff(r.means, ref.means ?? [], 1e-300)).toBeLessThan(1e-12);
    expect(maxRelDiff(r.variances, ref.variances ?? [], 1e-300)).toBeLessThan(1e-12);
  });

  it('per batch, genes silent in a batch get normalised variance 0 there (constant: σ = 1, mean 0)', () => {
    const ref = hvgFixture.seuratV3.batch_n100;
    const perBatch = ref.perBatchNormVar ?? [];
    // genes 395..399 have no counts in batch 'a'; 390..394 none anywhere
    for (let j = 390; j < 400; j++) expect(perBatch[0][j]).toBe(0);
    const r = hvgSeuratV3(counts, { nTopGenes: 100, batchKey: 'batch' });
    for (let j = 390; j < 395; j++) expect(r.variancesNorm[j]).toBe(0);
    for (let j = 395; j < 400; j++) expect(r.variancesNorm[j]).toBeCloseTo(perBatch[1][j] / 2, 12);
  });

  it("whichever way ties are ordered, the batch-aware selection overlaps scanpy's by ≥ 98 %", () => {
    const r = hvgSeuratV3(counts, { nTopGenes: 100, batchKey: 'batch' });
    const other = new Set(hvgFixture.seuratV3.batch_n100_reverse_ties.selected);
    const overlap = Array.from(r.selected).filter((j) => other.has(j)).length;
    expect(overlap / 100).toBeGreaterThanOrEqual(0.98);
  });

  it("the 'direct' loess surface selects nearly the same genes as skmisc's interpolated one", () => {
    const r = hvgSeuratV3(counts, { nTopGenes: 100, surface: 'direct' });
    const ref = new Set(hvgFixture.seuratV3.n100.selected);
    expect(Array.from(r.selected).filter((j) => ref.has(j)).length).toBeGreaterThanOrEqual(95);
  });

  it('finds the simulated signal: the top 50 are mostly cell-type markers, and batch-aware selection avoids batch genes', () => {
    // A known answer independent of scanpy: 90 of 400 genes are raised 3-8x in one cell type.
    const markers = new Set(hvgFixture.markers);
    const batchGenes = new Set(hvgFixture.batchGenes.filter((j) => !markers.has(j)));
    const r = highlyVariableGenes(counts, { nTopGenes: 50 });
    expect(r.flavor).toBe('seurat_v3');
    expect(Array.from(r.selected).filter((j) => markers.has(j)).length).toBeGreaterThanOrEqual(40);
    const plain = Array.from(r.selected).filter((j) => batchGenes.has(j)).length;
    const batched = Array.from(highlyVariableGenes(counts, { nTopGenes: 50, batchKey: 'batch' }).selected).filter((j) => batchGenes.has(j)).length;
    expect(batched).toBeLessThanOrEqual(plain);
  });

  it('nTopGenes larger than the number of genes selects every gene', () => {
    const r = hvgSeuratV3(counts, { nTopGenes: 10_000 });
    expect(r.selected.length).toBe(hvgFixture.nGenes);
  });

  it('warns when the values are not counts, as scanpy does', () => {
    const X = new CsrMatrix(counts.X.nRows, counts.X.nCols, counts.X.indptr, counts.X.indices, counts.X.data.map((v) => v * 0.5));
    const r = hvgSeuratV3({ ...counts, X }, { nTopGenes: 50 });
    expect(r.warnings.join(' ')).toMatch(/expects raw counts/);
  });

  it('rejects bad options and batches it cannot use', () => {
    expect(() => hvgSeuratV3(counts, { nTopGenes: 0 })).toThrow(ConfigError);
    expect(() => hvgSeuratV3(counts, { batchKey: 'nope' })).toThrow(/obs has no column "nope"/);
    const batch = hvgFixture.batch.slice();
    batch[0] = 'lonely';
    expect(() => hvgSeuratV3({ ...counts, obs: { names: counts.obs.names, columns: { batch } } }, { batchKey: 'batch' })).toThrow(/batch "lonely" has 1 cell/);
    batch[0] = '';
    expect(() => hvgSeuratV3({ ...counts, obs: { names: counts.obs.names, columns: { batch } } }, { batchKey: 'batch' })).toThrow(InputError);
    expect(() => hvgSeuratV3(counts, { layer: 'counts' })).toThrow(/no layer "counts"/);
    // Three variable genes are too few for a loess with span 0.3.
    const tiny = tinyCounts([[1, 0, 2], [0, 3, 1], [2, 1, 0]], ['a', 'b', 'c']);
    expect(() => hvgSeuratV3(tiny, { nTopGenes: 2 })).toThrow(/mean–variance trend of the data \(3 genes with variance > 0\) cannot be fitted/);
  });
});
