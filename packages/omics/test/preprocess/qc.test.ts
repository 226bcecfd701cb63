import { describe, expect, it } from 'vitest';
import { ConfigError } from '@vaekit/core';
import { dropEmptyCells } from '../../src/preprocess/drop-empty-cells.js';
import { cellQcMetrics, filterCells } from '../../src/preprocess/filter-cells.js';
import { filterGenes } from '../../src/preprocess/filter-genes.js';
import { hvgFixture, simulatedCounts, tinyCounts } from './fixtures.js';

// 5 cells × 4 genes; MT-CO1 and mt-Nd1 are mitochondrial.
const genes = ['A', 'MT-CO1', 'B', 'mt-Nd1'];
const rows = [
  [5, 1, 4, 0], // c0: 10 counts, 3 genes, 10 % mito
  [0, 0, 0, 0], // c1: empty
  [1, 6, 0, 3], // c2: 10 counts, 3 genes, 90 % mito
  [50, 0, 50, 0], // c3: 100 counts, 2 genes, 0 % mito
  [2, 0, 0, 0], // c4: 2 counts, 1 gene
];
const m = { ...tinyCounts(rows, genes), layers: { raw: tinyCounts(rows, genes).X } };
m.obs.columns.batch = ['x', 'y', 'x', 'y', 'x'];

describe('cell QC (scanpy filter_cells, pct_counts_mt)', () => {
  it('computes total counts, genes detected and the mitochondrial percentage', () => {
    const q = cellQcMetrics(m);
    expect(Array.from(q.nCounts)).toEqual([10, 0, 10, 100, 2]);
    expect(Array.from(q.nGenes)).toEqual([3, 0, 3, 2, 1]);
    expect(Array.from(q.pctMito)).toEqual([10, NaN, 90, 0, 0]);
    expect(Array.from(q.mitoGenes)).toEqual([1, 3]);
  });

  it('applies several criteria at once, inclusive bounds, and reports each', () => {
    const { matrix, report } = filterCells(m, { minGenes: 2, maxCounts: 100, maxPctMito: 50 });
    expect(matrix.obs.names).toEqual(['c0', 'c3']);
    expect(matrix.obs.columns.batch).toEqual(['x', 'y']);
    expect(Array.from(matrix.X.toDense())).toEqual([...rows[0], ...rows[3]]);
    expect(Array.from(matrix.layers!.raw.toDense())).toEqual([...rows[0], ...rows[3]]);
    expect(report).toMatchObject({ kind: 'cells', nBefore: 5, nAfter: 2, removed: 3, failed: { minGenes: 2, maxCounts: 0, maxPctMito: 2 } });
    expect(report.removedNames).toEqual(['c1', 'c2', 'c4']);
    expect(report.summary).toEqual(['2 of 5 cells have fewer than 2 genes detected', '2 of 5 cells have more than 50% mitochondrial counts (or no counts)']);
    expect(report.options).toEqual({ minGenes: 2, maxCounts: 100, maxPctMito: 50, mitoPrefixes: ['MT-', 'mt-'] });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('min/max counts and max genes', () => {
    expect(filterCells(m, { minCounts: 10 }).matrix.obs.names).toEqual(['c0', 'c2', 'c3']);
    expect(filterCells(m, { maxCounts: 10 }).matrix.obs.names).toEqual(['c0', 'c1', 'c2', 'c4']);
    expect(filterCells(m, { maxGenes: 2 }).matrix.obs.names).toEqual(['c1', 'c3', 'c4']);
    const none = filterCells(m, {});
    expect(none.matrix).toBe(m);
    expect(none.report.removed).toBe(0);
  });

  it('warns when maxPctMito finds no mitochondrial genes', () => {
    const r = filterCells(m, { maxPctMito: 5, mitoPrefixes: ['chrM:'] });
    expect(r.report.removed).toBe(0);
    expect(r.report.warnings[0]).toMatch(/no mitochondrial genes/);
    expect(() => filterCells(m, { minGenes: -1 })).toThrow(ConfigError);
  });

  it('on the simulated data: the empty cell goes with minCounts 1, the 13 MT- genes are found', () => {
    const counts = simulatedCounts();
    const r = filterCells(counts, { minCounts: 1 });
    expect(r.report.removedNames).toEqual([hvgFixture.cells[7]]);
    expect(r.metrics.mitoGenes.length).toBe(13);
  });
});

describe('gene QC (scanpy filter_genes)', () => {
  it('keeps genes by cells detected and total counts, inclusive, with a report', () => {
    const { matrix, report, nCells, nCounts } = filterGenes(m, { minCells: 2, minCounts: 10 });
    expect(Array.from(nCells)).toEqual([4, 2, 2, 1]);
    expect(Array.from(nCounts)).toEqual([58, 7, 54, 3]);
    expect(matrix.var.names).toEqual(['A', 'B']);
    expect(report).toMatchObject({ kind: 'genes', removed: 2, failed: { minCells: 1, minCounts: 2 }, removedNames: ['MT-CO1', 'mt-Nd1'] });
    expect(report.summary).toEqual(['1 of 4 genes are detected in fewer than 2 cells', '2 of 4 genes have fewer than 10 counts']);
    expect(filterGenes(m, { maxCells: 2, maxCounts: 10 }).matrix.var.names).toEqual(['MT-CO1', 'mt-Nd1']);
  });

  it('warns when every gene is removed', () => {
    expect(filterGenes(m, { minCells: 99 }).report.warnings[0]).toMatch(/every gene was removed/);
  });
});

describe('dropEmptyCells', () => {
  it('returns the kept indices and the dropped barcodes', () => {
    const { matrix, kept, dropped } = dropEmptyCells(m);
    expect(Array.from(kept)).toEqual([0, 2, 3, 4]);
    expect(dropped).toEqual(['c1']);
    expect(matrix.obs.names).toEqual(['c0', 'c2', 'c3', 'c4']);
    const none = dropEmptyCells(matrix);
    expect(none.matrix).toBe(matrix);
    expect(none.dropped).toEqual([]);
  });
});
