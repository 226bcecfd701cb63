import { ConfigError, InputError } from '@vaekit/core';
import type { CountMatrix } from '../matrix/count-matrix.js';
import { groupCells } from './cell-groups.js';
import { groupedColumnStats } from './grouped-column-stats.js';
import { loess } from './loess.js';
import type { LoessFit } from './loess.js';
import { pickLayer } from './pick-layer.js';

/** Options of {@link hvgSeuratV3}. */
export interface HvgSeuratV3Options {
  /** Number of genes to select (default 2000; all genes when there are fewer). */
  nTopGenes?: number;
  /** obs column of batches: genes are ranked within each batch, then combined. */
  batchKey?: string;
  /** 'seurat_v3' (default): order by median rank, then by number of batches; 'seurat_v3_paper': the reverse. */
  flavor?: 'seurat_v3' | 'seurat_v3_paper';
  /** loess span (default 0.3, scanpy's). */
  span?: number;
  /** loess surface (default 'interpolate', what scikit-misc uses; 'direct' fits at every gene). */
  surface?: 'interpolate' | 'direct';
  /** Read this layer instead of X (raw counts either way). */
  layer?: string;
}

/** Highly variable genes by scanpy's seurat_v3 method, per gene in the matrix's column order. */
export interface HvgSeuratV3Result {
  flavor: 'seurat_v3' | 'seurat_v3_paper';
  nTopGenes: number;
  /** Indices of the selected genes, ascending (the matrix's column order). */
  selected: Int32Array;
  /** Names of the selected genes, in column order. */
  genes: string[];
  /** 1 for a selected gene. */
  highlyVariable: Uint8Array;
  /** Mean and sample variance over all cells (scanpy's `means`, `variances`). */
  means: Float64Array;
  variances: Float64Array;
  /** Normalised variance, averaged over batches (`variances_norm`). */
  variancesNorm: Float64Array;
  /** 0-based rank by normalised variance (median over the batches where it is in the top n; NaN elsewhere) — `highly_variable_rank`. */
  rank: Float64Array;
  /** Number of batches in which the gene ranks in the top n (`highly_variable_nbatches`). */
  nBatches: Int32Array;
  /** Batch levels, when a batch key was given. */
  batches?: string[];
  /** How many loess fits (across batches) fell back to a pseudo-inverse (skmisc warns then). */
  singularFits: number;
  /** E.g. that the values are not raw counts (scanpy warns the same). */
  warnings: string[];
}

/**
 * scanpy's `highly_variable_genes(flavor='seurat_v3')` (Stuart et al. 2019, Seurat's `vst`) on raw
 * counts, step by step as `_highly_variable_genes_seurat_v3` does it: per batch, the mean and
 * sample variance of each gene; a loess fit (span 0.3, degree 2, Cleveland's interpolated
 * surface as skmisc computes it) of log10(variance) on log10(mean) over genes with variance > 0;
 * the regularised sd σ = √10^fit (1 for constant genes); counts clipped at μ + σ√N; the
 * normalised variance Σ(min(x, clip) − μ)² / ((N − 1)σ²). Genes are ranked per batch by
 * decreasing normalised variance; the median rank over the batches where a gene is in the top n
 * and the number of such batches order the genes (stable, ties kept in column order), and the
 * first n are selected.
 * Means and variances are computed with scanpy's formula (S/n, (Q/n − (S/n)²)·n/(n − 1)), so for
 * integer counts they are bit-identical to scanpy's — loess on log10(mean) reacts to ulp-level
 * changes of tied x values (its k-d tree splits at data values), so this matters. The loess
 * is Cleveland's interpolated surface as skmisc computes it ({@link loess}); `surface: 'direct'`
 * (an exact local fit at every gene) is offered but is not what scanpy does.
 * Difference from scanpy: numpy's argsort is not stable, so genes with exactly equal normalised
 * variance (genes with identical low counts) may be ranked in another order than scanpy's
 * (here: column order); the selection differs only when such a tie straddles the cut-off.
 */
export function hvgSeuratV3(m: CountMatrix, options: HvgSeuratV3Options = {}): HvgSeuratV3Result {
  const nTop = options.nTopGenes ?? 2000;
  const flavor = options.flavor ?? 'seurat_v3';
  if (!Number.isInteger(nTop) || nTop < 1) throw new ConfigError(`hvgSeuratV3: nTopGenes must be a positive integer, got ${nTop}`);
  if (flavor !== 'seurat_v3' && flavor !== 'seurat_v3_paper') throw new ConfigError(`hvgSeuratV3: unknown flavor "${String(flavor)}"`, "use 'seurat_v3' or 'seurat_v3_paper'");
  const X = pickLayer(m, options.layer);
  const nGenes = X.nCols;
  const groups = options.batchKey === undefined ? undefined : groupCells(m.obs, options.batchKey);
  const codes = groups?.codes ?? new Int32Array(X.nRows);
  const nBatches = groups?.levels.length ?? 1;
  if (X.nRows < 2) throw new InputError(`hvgSeuratV3: ${X.nRows} cell(s); at least 2 are needed for a variance`);
  groups?.sizes.forEach((s, b) => {
    if (s < 2) throw new InputError(`hvgSeuratV3: batch "${groups.levels[b]}" has ${s} cell, at least 2 are needed`, 'remove that batch or merge it with another');
  });
  const warnings: string[] = [];
  if (!X.data.every((v) => Number.isInteger(v) && v >= 0)) {
    warnings.push(`flavor '${flavor}' expects raw counts, but non-integer or negative values were found; pass the raw counts (e.g. layer: 'counts')`);
  }
  const overall = groupedColumnStats(X, new Int32Array(X.nRows), 1);
  const stats = groupedColumnStats(X, codes, nBatches);
  const normVar = new Float64Array(nBatches * nGenes);
  const clip = new Float64Array(nBatches * nGenes);
  const regStd = new Float64Array(nBatches * nGenes);
  const nCells = new Float64Array(nBatches);
  for (let r = 0; r < X.nRows; r++) nCells[codes[r]]++;
  let singularFits = 0;
  for (let b = 0; b < nBatches; b++) {
    const base = b * nGenes;
    const keep: number[] = [];
    for (let j = 0; j < nGenes; j++) if (stats.variance[base + j] > 0) keep.push(j);
    const fit = fitTrend(
      keep.map((j) => Math.log10(stats.mean[base + j])),
      keep.map((j) => Math.log10(stats.variance[base + j])),
      options,
      groups ? `batch "${groups.levels[b]}"` : 'the data',
    );
    singularFits += fit.singularFits;
    regStd.fill(1, base, base + nGenes);
    keep.forEach((j, i) => {
      regStd[base + j] = Math.sqrt(10 ** fit.fitted[i]);
    });
    const vmax = Math.sqrt(nCells[b]);
    for (let j = 0; j < nGenes; j++) clip[base + j] = regStd[base + j] * vmax + stats.mean[base + j];
  }
  // Clipped sums over the stored counts, per batch.
  const sum = new Float64Array(nBatches * nGenes);
  const sumSq = new Float64Array(nBatches * nGenes);
  for (let r = 0; r < X.nRows; r++) {
    const base = codes[r] * nGenes;
    for (let k = X.indptr[r]; k < X.indptr[r + 1]; k++) {
      const i = base + X.indices[k];
      const v = Math.min(X.data[k], clip[i]);
      sumSq[i] += v * v;
      sum[i] += v;
    }
  }
  for (let b = 0; b < nBatches; b++) {
    const N = nCells[b];
    for (let j = 0; j < nGenes; j++) {
      const i = b * nGenes + j;
      const mu = stats.mean[i];
      normVar[i] = (1 / ((N - 1) * regStd[i] ** 2)) * (N * mu ** 2 + sumSq[i] - 2 * sum[i] * mu);
    }
  }
  const { rank, inTop } = combineRanks(normVar, nBatches, nGenes, nTop);
  const variancesNorm = new Float64Array(nGenes);
  for (let j = 0; j < nGenes; j++) {
    let s = 0;
    for (let b = 0; b < nBatches; b++) s += normVar[b * nGenes + j];
    variancesNorm[j] = s / nBatches;
  }
  const order = Array.from({ length: nGenes }, (_, j) => j).sort((a, c) => {
    const byRank = compareNanLast(rank[a], rank[c]);
    const byCount = inTop[c] - inTop[a];
    const cmp = flavor === 'seurat_v3' ? byRank || byCount : byCount || byRank;
    return cmp || a - c;
  });
  const highlyVariable = new Uint8Array(nGenes);
  for (let i = 0; i < Math.min(nTop, nGenes); i++) highlyVariable[order[i]] = 1;
  const selected = Int32Array.from(highlyVariable.reduce<number[]>((acc, v, j) => (v ? (acc.push(j), acc) : acc), []));
  const result: HvgSeuratV3Result = {
    flavor,
    nTopGenes: nTop,
    selected,
    genes: Array.from(selected, (j) => m.var.names[j]),
    highlyVariable,
    means: overall.mean,
    variances: overall.variance,
    variancesNorm,
    rank,
    nBatches: inTop,
    singularFits,
    warnings,
  };
  if (groups) result.batches = groups.levels;
  return result;
}

/** The loess trend of log10 variance on log10 mean; a loess failure names the batch. */
function fitTrend(x: number[], y: number[], options: HvgSeuratV3Options, where: string): LoessFit {
  try {
    return loess(x, y, { span: options.span ?? 0.3, degree: 2, surface: options.surface ?? 'interpolate' });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new InputError(`hvgSeuratV3: the mean–variance trend of ${where} (${x.length} genes with variance > 0) cannot be fitted: ${err.message}`, 'select from more cells or genes, or use a larger span');
  }
}

/** Per-batch ranks (0 = most variable) → median rank among the batches where it is < nTop, and that count. */
function combineRanks(normVar: Float64Array, nBatches: number, nGenes: number, nTop: number): { rank: Float64Array; inTop: Int32Array } {
  const ranks = new Float64Array(nBatches * nGenes);
  const idx = Array.from({ length: nGenes }, (_, j) => j);
  for (let b = 0; b < nBatches; b++) {
    const base = b * nGenes;
    // argsort(-normVar): descending, NaN last (numpy sorts NaN to the end of −x as well).
    idx.sort((a, c) => compareNanLast(-normVar[base + a], -normVar[base + c]) || a - c);
    idx.forEach((j, r) => {
      ranks[base + j] = r;
    });
  }
  const rank = new Float64Array(nGenes);
  const inTop = new Int32Array(nGenes);
  const picked: number[] = [];
  for (let j = 0; j < nGenes; j++) {
    picked.length = 0;
    for (let b = 0; b < nBatches; b++) if (ranks[b * nGenes + j] < nTop) picked.push(ranks[b * nGenes + j]);
    inTop[j] = picked.length;
    rank[j] = picked.length === 0 ? NaN : median(picked);
  }
  return { rank, inTop };
}

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function compareNanLast(a: number, b: number): number {
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na || nb) return na === nb ? 0 : na ? 1 : -1;
  return a - b;
}
