import { ConfigError } from '@vaekit/core';
import type { CountMatrix } from '../matrix/count-matrix.js';
import { subsetCounts } from '../matrix/count-matrix.js';
import { applyCriteria, type FilterCriterion, type FilterReport } from './filter-report.js';
import { pickLayer } from './pick-layer.js';

/** Options of {@link filterCells}; every bound is inclusive (a cell at the bound is kept), as in scanpy. */
export interface FilterCellsOptions {
  /** Keep cells with at least this many genes detected (count > 0). */
  minGenes?: number;
  /** Keep cells with at most this many genes detected. */
  maxGenes?: number;
  /** Keep cells with at least this many counts in total. */
  minCounts?: number;
  /** Keep cells with at most this many counts in total. */
  maxCounts?: number;
  /** Keep cells with at most this percentage (0–100) of their counts in mitochondrial genes; a cell with no counts fails it. */
  maxPctMito?: number;
  /** Name prefixes of mitochondrial genes (default 'MT-' and 'mt-', human and mouse). */
  mitoPrefixes?: readonly string[];
  /** Read this layer instead of X. */
  layer?: string;
}

/** Per-cell QC metrics (scanpy's `total_counts`, `n_genes_by_counts`, `pct_counts_mt`). */
export interface CellQcMetrics {
  nCounts: Float64Array;
  nGenes: Float64Array;
  /** Percentage of counts in mitochondrial genes (NaN for a cell with no counts). */
  pctMito: Float64Array;
  /** Indices of the genes taken as mitochondrial. */
  mitoGenes: Int32Array;
}

/** Per-cell QC metrics: total counts, genes detected, percentage of mitochondrial counts. */
export function cellQcMetrics(m: CountMatrix, options: { mitoPrefixes?: readonly string[]; layer?: string } = {}): CellQcMetrics {
  const X = pickLayer(m, options.layer);
  const prefixes = options.mitoPrefixes ?? ['MT-', 'mt-'];
  const isMito = new Uint8Array(X.nCols);
  const mitoGenes: number[] = [];
  m.var.names.forEach((g, j) => {
    if (prefixes.some((p) => g.startsWith(p))) {
      isMito[j] = 1;
      mitoGenes.push(j);
    }
  });
  const nCounts = new Float64Array(X.nRows);
  const nGenes = new Float64Array(X.nRows);
  const pctMito = new Float64Array(X.nRows);
  for (let r = 0; r < X.nRows; r++) {
    let total = 0;
    let mito = 0;
    let genes = 0;
    for (let k = X.indptr[r]; k < X.indptr[r + 1]; k++) {
      const v = X.data[k];
      total += v;
      if (v > 0) genes++;
      if (isMito[X.indices[k]]) mito += v;
    }
    nCounts[r] = total;
    nGenes[r] = genes;
    pctMito[r] = (100 * mito) / total;
  }
  return { nCounts, nGenes, pctMito, mitoGenes: Int32Array.from(mitoGenes) };
}

/**
 * Removes low-quality cells like scanpy's `pp.filter_cells` (min_genes / max_genes /
 * min_counts / max_counts, here several at once) plus the usual mitochondrial-fraction cut.
 * Returns the subset (obs, layers and obsm cut to match), the per-cell metrics of all input
 * cells, and a report of how many cells each criterion removed.
 */
export function filterCells(m: CountMatrix, options: FilterCellsOptions): { matrix: CountMatrix; report: FilterReport; metrics: CellQcMetrics } {
  const bounds = { minGenes: options.minGenes, maxGenes: options.maxGenes, minCounts: options.minCounts, maxCounts: options.maxCounts, maxPctMito: options.maxPctMito };
  for (const [name, v] of Object.entries(bounds)) {
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && !Number.isNaN(v))) throw new ConfigError(`filterCells: ${name} must be a non-negative number, got ${String(v)}`);
  }
  const metrics = cellQcMetrics(m, options);
  const warnings: string[] = [];
  if (options.maxPctMito !== undefined && metrics.mitoGenes.length === 0) {
    warnings.push(`no mitochondrial genes (names starting with ${(options.mitoPrefixes ?? ['MT-', 'mt-']).join(' or ')}) found, so maxPctMito removed nothing; set mitoPrefixes if they are named otherwise`);
  }
  const tests: FilterCriterion<keyof typeof bounds>[] = [
    ['minGenes', (r) => metrics.nGenes[r] >= (options.minGenes ?? 0), `fewer than ${options.minGenes} genes detected`],
    ['maxGenes', (r) => metrics.nGenes[r] <= (options.maxGenes ?? Infinity), `more than ${options.maxGenes} genes detected`],
    ['minCounts', (r) => metrics.nCounts[r] >= (options.minCounts ?? 0), `fewer than ${options.minCounts} counts`],
    ['maxCounts', (r) => metrics.nCounts[r] <= (options.maxCounts ?? Infinity), `more than ${options.maxCounts} counts`],
    ['maxPctMito', (r) => metrics.mitoGenes.length === 0 || metrics.pctMito[r] <= (options.maxPctMito ?? Infinity), `more than ${options.maxPctMito}% mitochondrial counts (or no counts)`],
  ];
  const { active, failed, kept, removedNames } = applyCriteria(m.X.nRows, tests, (name) => bounds[name] !== undefined, m.obs.names);
  const n = m.X.nRows;
  const report: FilterReport = {
    kind: 'cells',
    nBefore: n,
    nAfter: kept.length,
    removed: n - kept.length,
    failed,
    options: Object.fromEntries(Object.entries(bounds).filter(([, v]) => v !== undefined)) as Record<string, number>,
    removedNames,
    summary: active.filter(([name]) => failed[name] > 0).map(([name, , why]) => `${failed[name]} of ${n} cells have ${why}`),
    warnings,
  };
  if (options.maxPctMito !== undefined) report.options.mitoPrefixes = [...(options.mitoPrefixes ?? ['MT-', 'mt-'])];
  return { matrix: kept.length === n ? m : subsetCounts(m, { cells: kept }), report, metrics };
}
