/**
 * Preprocessing of single-cell counts as scanpy does it: cell and gene QC filters, library size,
 * normalize_total and log1p, highly variable genes (seurat_v3 with its loess, seurat), matching a
 * query's genes to a trained model's, and the whole pipeline before training with a
 * JSON-serialisable record of what was done.
 */
export { filterCells, cellQcMetrics } from './filter-cells.js';
export type { FilterCellsOptions, CellQcMetrics } from './filter-cells.js';
export { filterGenes } from './filter-genes.js';
export type { FilterGenesOptions } from './filter-genes.js';
export type { FilterReport } from './filter-report.js';
export { dropEmptyCells } from './drop-empty-cells.js';
export { librarySize } from './library-size.js';
export { normalizeTotal } from './normalize-total.js';
export { log1p } from './log1p.js';
export { loess } from './loess.js';
export type { LoessOptions, LoessFit } from './loess.js';
export { groupCells } from './cell-groups.js';
export type { CellGroups } from './cell-groups.js';
export { groupedColumnStats } from './grouped-column-stats.js';
export type { GroupedColumnStats } from './grouped-column-stats.js';
export { hvgSeuratV3 } from './hvg-seurat-v3.js';
export type { HvgSeuratV3Options, HvgSeuratV3Result } from './hvg-seurat-v3.js';
export { hvgSeurat } from './hvg-seurat.js';
export type { HvgSeuratOptions, HvgSeuratResult } from './hvg-seurat.js';
export { highlyVariableGenes } from './highly-variable-genes.js';
export type { HvgFlavor, HighlyVariableGenesOptions } from './highly-variable-genes.js';
export { selectGenes } from './select-genes.js';
export { alignGenes } from './align-genes.js';
export type { AlignGenesOptions, AlignGenesResult } from './align-genes.js';
export { preprocessForTraining } from './preprocess-for-training.js';
export type { PreprocessOptions, PreprocessRecord, PreprocessResult } from './preprocess-for-training.js';
