import { ConfigError } from '@vaekit/core';
import type { CountMatrix } from '../matrix/count-matrix.js';
import { subsetCounts } from '../matrix/count-matrix.js';
import { applyCriteria, type FilterCriterion, type FilterReport } from './filter-report.js';
import { pickLayer } from './pick-layer.js';

/** Options of {@link filterGenes}; every bound is inclusive, as in scanpy. */
export interface FilterGenesOptions {
  /** Keep genes detected (count > 0) in at least this many cells. */
  minCells?: number;
  /** Keep genes detected in at most this many cells. */
  maxCells?: number;
  /** Keep genes with at least this many counts over all cells. */
  minCounts?: number;
  /** Keep genes with at most this many counts over all cells. */
  maxCounts?: number;
  /** Read this layer instead of X. */
  layer?: string;
}

/**
 * Removes genes like scanpy's `pp.filter_genes` (min_cells / max_cells / min_counts / max_counts,
 * here several at once). Returns the subset (var and layers cut to match), the per-gene totals
 * and cells detected for all input genes, and a report of how many genes each criterion removed.
 */
export function filterGenes(
  m: CountMatrix,
  options: FilterGenesOptions,
): { matrix: CountMatrix; report: FilterReport; nCells: Float64Array; nCounts: Float64Array } {
  const bounds = { minCells: options.minCells, maxCells: options.maxCells, minCounts: options.minCounts, maxCounts: options.maxCounts };
  for (const [name, v] of Object.entries(bounds)) {
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && !Number.isNaN(v))) throw new ConfigError(`filterGenes: ${name} must be a non-negative number, got ${String(v)}`);
  }
  const X = pickLayer(m, options.layer);
  const nCells = new Float64Array(X.nCols);
  const nCounts = new Float64Array(X.nCols);
  for (let k = 0; k < X.indices.length; k++) {
    nCounts[X.indices[k]] += X.data[k];
    if (X.data[k] > 0) nCells[X.indices[k]]++;
  }
  const tests: FilterCriterion<keyof typeof bounds>[] = [
    ['minCells', (j) => nCells[j] >= (options.minCells ?? 0), `are detected in fewer than ${options.minCells} cells`],
    ['maxCells', (j) => nCells[j] <= (options.maxCells ?? Infinity), `are detected in more than ${options.maxCells} cells`],
    ['minCounts', (j) => nCounts[j] >= (options.minCounts ?? 0), `have fewer than ${options.minCounts} counts`],
    ['maxCounts', (j) => nCounts[j] <= (options.maxCounts ?? Infinity), `have more than ${options.maxCounts} counts`],
  ];
  const { active, failed, kept, removedNames } = applyCriteria(X.nCols, tests, (name) => bounds[name] !== undefined, m.var.names);
  const n = X.nCols;
  const report: FilterReport = {
    kind: 'genes',
    nBefore: n,
    nAfter: kept.length,
    removed: n - kept.length,
    failed,
    options: Object.fromEntries(Object.entries(bounds).filter(([, v]) => v !== undefined)) as Record<string, number>,
    removedNames,
    summary: active.filter(([name]) => failed[name] > 0).map(([name, , why]) => `${failed[name]} of ${n} genes ${why}`),
    warnings: kept.length === 0 ? ['every gene was removed; loosen the gene filters'] : [],
  };
  return { matrix: kept.length === n ? m : subsetCounts(m, { genes: kept }), report, nCells, nCounts };
}
