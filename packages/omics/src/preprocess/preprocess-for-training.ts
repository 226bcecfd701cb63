import { ConfigError } from '@vaekit/core';
import type { CountMatrix } from '../matrix/count-matrix.js';
import { dropEmptyCells } from './drop-empty-cells.js';
import { filterCells } from './filter-cells.js';
import type { FilterCellsOptions } from './filter-cells.js';
import { filterGenes } from './filter-genes.js';
import type { FilterGenesOptions } from './filter-genes.js';
import type { FilterReport } from './filter-report.js';
import { hvgSeurat } from './hvg-seurat.js';
import { hvgSeuratV3 } from './hvg-seurat-v3.js';
import type { HvgFlavor } from './highly-variable-genes.js';
import { log1p } from './log1p.js';
import { normalizeTotal } from './normalize-total.js';
import { selectGenes } from './select-genes.js';

/** Options of {@link preprocessForTraining}. */
export interface PreprocessOptions {
  /** Number of highly variable genes to keep, or false to keep every gene (default false). */
  hvg?: number | false;
  /** HVG method (default 'seurat_v3', on the raw counts; 'seurat' log-normalises a copy first). */
  hvgFlavor?: HvgFlavor;
  /** obs column of batches for batch-aware HVG selection. */
  batchKey?: string;
  /** loess span of the seurat_v3 flavors (default 0.3). */
  span?: number;
  /** Cell QC, applied first. */
  filterCells?: FilterCellsOptions;
  /** Gene QC, applied after the cell filter. */
  filterGenes?: FilterGenesOptions;
  /** Remove cells without counts, before the filters and again after gene selection (default true). */
  dropEmptyCells?: boolean;
  /** Read this layer (raw counts) instead of X; the result's X is that layer. */
  layer?: string;
}

/** What preprocessing did, JSON-serialisable: to be stored with a trained model (model.json). */
export interface PreprocessRecord {
  version: 1;
  input: { cells: number; genes: number; source?: string; layer?: string };
  output: { cells: number; genes: number };
  /** Cells without counts removed before filtering and after gene selection (counts). */
  droppedEmptyCells: { beforeFilters: number; afterGeneSelection: number };
  filterCells?: { options: Record<string, number | string[]>; removed: number; failed: Record<string, number> };
  filterGenes?: { options: Record<string, number | string[]>; removed: number; failed: Record<string, number> };
  hvg?: { flavor: HvgFlavor; nTopGenes: number; batchKey?: string; span?: number; normalization?: string };
  /** The genes the model is trained on, in column order. */
  genes: string[];
}

/** The preprocessed counts, the record for model.json, the full filter reports and warnings. */
export interface PreprocessResult {
  matrix: CountMatrix;
  record: PreprocessRecord;
  reports: { filterCells?: FilterReport; filterGenes?: FilterReport; droppedCells: string[] };
  warnings: string[];
}

/**
 * The usual single-cell preprocessing before training a count model, in scanpy's order: drop
 * cells without counts, filter cells, filter genes, select highly variable genes (seurat_v3 on
 * raw counts by default, batch-aware with `batchKey`), keep those genes in their original order,
 * and drop cells left without counts. The counts stay raw (count likelihoods need them). Returns
 * the matrix and a JSON-serialisable record of every step, to store in model.json and replay
 * on new data with {@link alignGenes} (its `genes`).
 */
export function preprocessForTraining(m: CountMatrix, options: PreprocessOptions = {}): PreprocessResult {
  const hvg = options.hvg ?? false;
  if (hvg !== false && !(Number.isInteger(hvg) && hvg > 0)) throw new ConfigError(`preprocessForTraining: hvg must be a positive integer or false, got ${String(hvg)}`);
  const dropEmpty = options.dropEmptyCells ?? true;
  const warnings: string[] = [];
  const droppedCells: string[] = [];
  let cur: CountMatrix = options.layer === undefined ? m : withLayerAsX(m, options.layer);
  const record: PreprocessRecord = {
    version: 1,
    input: { cells: m.X.nRows, genes: m.X.nCols },
    output: { cells: 0, genes: 0 },
    droppedEmptyCells: { beforeFilters: 0, afterGeneSelection: 0 },
    filterCells: undefined,
    filterGenes: undefined,
    hvg: undefined,
    genes: [],
  };
  if (m.source !== undefined) record.input.source = m.source;
  if (options.layer !== undefined) record.input.layer = options.layer;
  const reports: PreprocessResult['reports'] = { droppedCells };

  if (dropEmpty) {
    const d = dropEmptyCells(cur);
    cur = d.matrix;
    droppedCells.push(...d.dropped);
    record.droppedEmptyCells.beforeFilters = d.dropped.length;
  }
  if (options.filterCells) {
    const f = filterCells(cur, options.filterCells);
    cur = f.matrix;
    reports.filterCells = f.report;
    record.filterCells = { options: f.report.options, removed: f.report.removed, failed: f.report.failed };
    warnings.push(...f.report.warnings);
  }
  if (options.filterGenes) {
    const f = filterGenes(cur, options.filterGenes);
    cur = f.matrix;
    reports.filterGenes = f.report;
    record.filterGenes = { options: f.report.options, removed: f.report.removed, failed: f.report.failed };
    warnings.push(...f.report.warnings);
  }
  if (hvg !== false) {
    const flavor = options.hvgFlavor ?? 'seurat_v3';
    let genes: string[];
    if (flavor === 'seurat') {
      genes = hvgSeurat(log1p(normalizeTotal(cur, 1e4)), { nTopGenes: hvg, batchKey: options.batchKey }).genes;
      record.hvg = { flavor, nTopGenes: hvg, normalization: 'normalize_total(target_sum=1e4), log1p' };
    } else {
      const r = hvgSeuratV3(cur, { nTopGenes: hvg, batchKey: options.batchKey, flavor, span: options.span });
      genes = r.genes;
      warnings.push(...r.warnings);
      record.hvg = { flavor, nTopGenes: hvg, span: options.span ?? 0.3 };
    }
    if (options.batchKey !== undefined) record.hvg.batchKey = options.batchKey;
    cur = selectGenes(cur, genes);
    if (dropEmpty) {
      const d = dropEmptyCells(cur);
      cur = d.matrix;
      droppedCells.push(...d.dropped);
      record.droppedEmptyCells.afterGeneSelection = d.dropped.length;
      if (d.dropped.length > 0) warnings.push(`${d.dropped.length} cells have no counts in the ${genes.length} selected genes and were dropped`);
    }
  }
  if (cur.X.nRows === 0) warnings.push('no cells are left after preprocessing; loosen the filters');
  record.output = { cells: cur.X.nRows, genes: cur.X.nCols };
  record.genes = [...cur.var.names];
  for (const key of ['filterCells', 'filterGenes', 'hvg'] as const) if (record[key] === undefined) delete record[key];
  return { matrix: cur, record, reports, warnings };
}

/** The matrix with `layer` as X (so every step reads the raw counts). */
function withLayerAsX(m: CountMatrix, layer: string): CountMatrix {
  const X = m.layers?.[layer];
  if (!X) throw new ConfigError(`preprocessForTraining: no layer "${layer}"`, `layers: ${Object.keys(m.layers ?? {}).join(', ') || '(none)'}`);
  return { ...m, X };
}
