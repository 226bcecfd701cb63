import { describe, expect, it } from 'vitest';
import { ConfigError } from '@vaekit/core';
import { alignGenes } from '../../src/preprocess/align-genes.js';
import { CsrMatrix } from '../../src/matrix/csr-matrix.js';
import { dropEmptyCells } from '../../src/preprocess/drop-empty-cells.js';
import { filterCells } from '../../src/preprocess/filter-cells.js';
import { filterGenes } from '../../src/preprocess/filter-genes.js';
import { hvgSeurat } from '../../src/preprocess/hvg-seurat.js';
import { hvgSeuratV3 } from '../../src/preprocess/hvg-seurat-v3.js';
import { log1p } from '../../src/preprocess/log1p.js';
import { normalizeTotal } from '../../src/preprocess/normalize-total.js';
import { preprocessForTraining } from '../../src/preprocess/preprocess-for-training.js';
import { hvgFixture, simulatedCounts } from './fixtures.js';

const counts = simulatedCounts();

describe('preprocessForTraining', () => {
  it('drops empty cells, filters, selects HVGs on the filtered counts, keeps raw counts; the record is JSON', () => {
    const { matrix, record, reports } = preprocessForTraining(counts, {
      hvg: 60,
      batchKey: 'batch',
      filterCells: { minGenes: 20, maxPctMito: 40 },
      filterGenes: { minCells: 3 },
    });
    // The same steps by hand.
    const step1 = filterCells(dropEmptyCells(counts).matrix, { minGenes: 20, maxPctMito: 40 }).matrix;
    const step2 = filterGenes(step1, { minCells: 3 }).matrix;
    const hvg = hvgSeuratV3(step2, { nTopGenes: 60, batchKey: 'batch' });
    expect(record.genes).toEqual(hvg.genes);
    expect(matrix.var.names).toEqual(hvg.genes);
    expect(record.output).toEqual({ cells: matrix.X.nRows, genes: 60 });
    expect(record.input).toEqual({ cells: 300, genes: 400 });
    expect(record.droppedEmptyCells.beforeFilters).toBe(1);
    expect(reports.droppedCells[0]).toBe(hvgFixture.cells[7]);
    expect(record.hvg).toEqual({ flavor: 'seurat_v3', nTopGenes: 60, span: 0.3, batchKey: 'batch' });
    expect(record.filterCells?.options).toEqual({ minGenes: 20, maxPctMito: 40, mitoPrefixes: ['MT-', 'mt-'] });
    expect(record.filterGenes?.removed).toBe(reports.filterGenes?.removed);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    expect(Number.isInteger(matrix.X.data[0])).toBe(true); // still raw counts
    // No cell is left without counts in the selected genes.
    for (let r = 0; r < matrix.X.nRows; r++) expect(matrix.X.indptr[r + 1] - matrix.X.indptr[r]).toBeGreaterThan(0);
  });

  it('the record replays on new data: alignGenes with record.genes gives the same columns', () => {
    const { matrix, record } = preprocessForTraining(counts, { hvg: 40 });
    const again = alignGenes(counts, record.genes);
    expect(again.missing).toEqual([]);
    expect(again.matrix.var.names).toEqual(matrix.var.names);
  });

  it("hvg flavor 'seurat' selects on a log-normalised copy and returns raw counts", () => {
    const { matrix, record } = preprocessForTraining(counts, { hvg: 50, hvgFlavor: 'seurat' });
    const expected = hvgSeurat(log1p(normalizeTotal(preprocessForTraining(counts).matrix, 1e4)), { nTopGenes: 50 }).genes;
    expect(matrix.var.names).toEqual(expected);
    expect(record.hvg).toEqual({ flavor: 'seurat', nTopGenes: 50, normalization: 'normalize_total(target_sum=1e4), log1p' });
    expect(Number.isInteger(matrix.X.data[1])).toBe(true);
  });

  it('without hvg every gene is kept; dropEmptyCells: false keeps the empty cell', () => {
    const all = preprocessForTraining(counts);
    expect(all.record.output).toEqual({ cells: 299, genes: 400 });
    expect(all.record.hvg).toBeUndefined();
    expect(preprocessForTraining(counts, { dropEmptyCells: false }).record.output.cells).toBe(300);
  });

  it('drops cells left without counts after gene selection, and says so', () => {
    // Cell 0 keeps a single count, in gene 0, which is not variable enough to be selected.
    const X = counts.X;
    const dense = X.toDense();
    for (let j = 0; j < X.nCols; j++) dense[j] = j === 0 ? 1 : 0;
    const m = { ...counts, X: CsrMatrix.fromDense(dense, X.nRows, X.nCols) };
    const r = preprocessForTraining(m, { hvg: 30 });
    expect(r.matrix.var.names).not.toContain(hvgFixture.genes[0]);
    expect(r.record.droppedEmptyCells.afterGeneSelection).toBeGreaterThanOrEqual(1);
    expect(r.reports.droppedCells).toContain(hvgFixture.cells[0]);
    expect(r.warnings.join(' ')).toMatch(/no counts in the 30 selected genes/);
  });

  it('reads a raw-counts layer, and rejects bad options', () => {
    const withLayer = { ...counts, X: normalizeTotal(counts.X, 1e4), layers: { counts: counts.X } };
    const { record } = preprocessForTraining(withLayer, { hvg: 40, layer: 'counts' });
    expect(record.genes).toEqual(preprocessForTraining(counts, { hvg: 40 }).record.genes);
    expect(record.input.layer).toBe('counts');
    expect(() => preprocessForTraining(counts, { hvg: 0 })).toThrow(ConfigError);
    expect(() => preprocessForTraining(counts, { layer: 'nope' })).toThrow(/no layer "nope"/);
  });
});
