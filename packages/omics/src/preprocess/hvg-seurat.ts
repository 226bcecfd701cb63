import { ConfigError } from '@vaekit/core';
import type { CountMatrix } from '../matrix/count-matrix.js';
import { groupCells } from './cell-groups.js';
import { groupedColumnStats } from './grouped-column-stats.js';
import { pickLayer } from './pick-layer.js';

/** Options of {@link hvgSeurat}. */
export interface HvgSeuratOptions {
  /** Number of genes to select; without it the mean / dispersion cut-offs below select. */
  nTopGenes?: number;
  /** Cut-offs on the log1p mean and the normalised dispersion (scanpy's defaults 0.0125, 3, 0.5, ∞). */
  minMean?: number;
  maxMean?: number;
  minDisp?: number;
  maxDisp?: number;
  /** Number of equal-width bins of log1p mean (default 20). */
  nBins?: number;
  /** obs column of batches: genes are selected per batch, then combined (scanpy's `batch_key`). */
  batchKey?: string;
  /** Read this layer instead of X. */
  layer?: string;
  /** Base of the logarithm the data were log1p-transformed with (scanpy's `uns['log1p']['base']`; default e). */
  logBase?: number;
}

/** Highly variable genes by scanpy's dispersion-based 'seurat' flavor, per gene in column order. */
export interface HvgSeuratResult {
  flavor: 'seurat';
  nTopGenes?: number;
  /** Indices of the selected genes, ascending. */
  selected: Int32Array;
  genes: string[];
  highlyVariable: Uint8Array;
  /** log1p of the mean of expm1(data) (averaged over batches with a batch key). */
  means: Float64Array;
  /** log of variance / mean (NaN where the variance is 0). */
  dispersions: Float64Array;
  /** Dispersion z-scored within its mean bin. */
  dispersionsNorm: Float64Array;
  /** With a batch key: the number of batches in which the gene was selected, and whether it was in all. */
  nBatches?: Int32Array;
  intersection?: Uint8Array;
  batches?: string[];
}

interface BatchHvg {
  means: Float64Array;
  dispersions: Float64Array;
  dispersionsNorm: Float64Array;
  highlyVariable: Uint8Array;
}

/**
 * scanpy's `highly_variable_genes(flavor='seurat')` (Satija et al. 2015; Seurat's
 * `FindVariableFeatures(method = 'mean.var.plot')`) on log-normalised data (normalizeTotal then
 * log1p), as `_highly_variable_genes_single_batch` computes it: per gene the mean and sample
 * variance of expm1(data), dispersion log(var / mean), mean log1p(mean); genes binned into
 * `nBins` equal-width bins of that mean (pandas `cut`), each dispersion z-scored with its bin's
 * mean and sd (a bin with one gene gives it 1); the top n by normalised dispersion (ties all
 * kept) or the genes inside the cut-offs. With a batch key, as `_highly_variable_genes_batched`:
 * per batch on the genes expressed there, then genes ordered by the number of batches that
 * selected them and by mean normalised dispersion (ties by gene name, as pandas' groupby sorts).
 */
export function hvgSeurat(m: CountMatrix, options: HvgSeuratOptions = {}): HvgSeuratResult {
  const nTop = options.nTopGenes;
  if (nTop !== undefined && (!Number.isInteger(nTop) || nTop < 1)) throw new ConfigError(`hvgSeurat: nTopGenes must be a positive integer, got ${nTop}`);
  const nBins = options.nBins ?? 20;
  if (!Number.isInteger(nBins) || nBins < 1) throw new ConfigError(`hvgSeurat: nBins must be a positive integer, got ${nBins}`);
  const X = pickLayer(m, options.layer);
  const nGenes = X.nCols;
  const groups = options.batchKey === undefined ? undefined : groupCells(m.obs, options.batchKey);
  const nBatches = groups?.levels.length ?? 1;
  const scale = options.logBase === undefined ? 1 : Math.log(options.logBase);
  const stats = groupedColumnStats(X, groups?.codes ?? new Int32Array(X.nRows), nBatches, (v) => Math.fround(Math.expm1(Math.fround(v * scale))));
  const cut = { nTop, minMean: options.minMean ?? 0.0125, maxMean: options.maxMean ?? 3, minDisp: options.minDisp ?? 0.5, maxDisp: options.maxDisp ?? Infinity };
  let out: BatchHvg;
  let nSelected: Int32Array | undefined;
  if (!groups) {
    out = singleBatch(stats.mean, stats.variance, Array.from({ length: nGenes }, (_, j) => j), nBins, cut, nGenes);
  } else {
    const per: BatchHvg[] = [];
    for (let b = 0; b < nBatches; b++) {
      const genes: number[] = [];
      for (let j = 0; j < nGenes; j++) if (stats.nonZeros[b * nGenes + j] > 0) genes.push(j);
      per.push(singleBatch(stats.mean.subarray(b * nGenes), stats.variance.subarray(b * nGenes), genes, nBins, cut, nGenes));
    }
    out = { means: meanOver(per, 'means'), dispersions: meanOver(per, 'dispersions'), dispersionsNorm: meanOver(per, 'dispersionsNorm'), highlyVariable: new Uint8Array(nGenes) };
    nSelected = new Int32Array(nGenes);
    for (const p of per) for (let j = 0; j < nGenes; j++) nSelected[j] += p.highlyVariable[j];
    if (nTop !== undefined) {
      const byName = Array.from({ length: nGenes }, (_, j) => j).sort((a, c) => compareStrings(m.var.names[a], m.var.names[c]));
      const d = out.dispersionsNorm;
      const counts = nSelected;
      const order = byName
        .map((j, pos) => ({ j, pos }))
        .sort((a, c) => counts[c.j] - counts[a.j] || descendingNanLast(d[a.j], d[c.j]) || a.pos - c.pos);
      for (let i = 0; i < Math.min(nTop, nGenes); i++) out.highlyVariable[order[i].j] = 1;
    } else {
      for (let j = 0; j < nGenes; j++) {
        if (Number.isNaN(out.dispersionsNorm[j])) out.dispersionsNorm[j] = 0;
        out.highlyVariable[j] = inBounds(out.means[j], out.dispersionsNorm[j], cut) ? 1 : 0;
      }
    }
  }
  const selected = Int32Array.from(out.highlyVariable.reduce<number[]>((acc, v, j) => (v ? (acc.push(j), acc) : acc), []));
  const result: HvgSeuratResult = { flavor: 'seurat', selected, genes: Array.from(selected, (j) => m.var.names[j]), ...out };
  if (nTop !== undefined) result.nTopGenes = nTop;
  if (groups && nSelected) {
    result.nBatches = nSelected;
    result.intersection = Uint8Array.from(nSelected, (c) => (c === nBatches ? 1 : 0));
    result.batches = groups.levels;
  }
  return result;
}

interface Cutoffs {
  nTop: number | undefined;
  minMean: number;
  maxMean: number;
  minDisp: number;
  maxDisp: number;
}

/** One batch on the genes `genes` (others get zeros and are not selected). */
function singleBatch(mean: Float64Array, variance: Float64Array, genes: number[], nBins: number, cut: Cutoffs, nGenes: number): BatchHvg {
  const out: BatchHvg = { means: new Float64Array(nGenes), dispersions: new Float64Array(nGenes), dispersionsNorm: new Float64Array(nGenes), highlyVariable: new Uint8Array(nGenes) };
  const g = genes.length;
  if (g === 0) return out;
  const mu = new Float64Array(g);
  const disp = new Float64Array(g);
  genes.forEach((j, i) => {
    const m0 = mean[j] === 0 ? 1e-12 : mean[j];
    const d = variance[j] / m0;
    disp[i] = d === 0 ? NaN : Math.log(d);
    mu[i] = Math.log1p(m0);
  });
  const bin = cutEqualWidth(mu, nBins);
  const sum = new Float64Array(nBins);
  const count = new Float64Array(nBins);
  for (let i = 0; i < g; i++) {
    if (Number.isNaN(disp[i])) continue;
    sum[bin[i]] += disp[i];
    count[bin[i]]++;
  }
  const avg = sum.map((s, b) => (count[b] > 0 ? s / count[b] : NaN));
  const sq = new Float64Array(nBins);
  for (let i = 0; i < g; i++) if (!Number.isNaN(disp[i])) sq[bin[i]] += (disp[i] - avg[bin[i]]) ** 2;
  const dev = sq.map((s, b) => (count[b] > 1 ? Math.sqrt(s / (count[b] - 1)) : NaN));
  for (let b = 0; b < nBins; b++) {
    if (Number.isNaN(dev[b])) {
      dev[b] = avg[b];
      avg[b] = 0;
    }
  }
  const norm = new Float64Array(g);
  for (let i = 0; i < g; i++) norm[i] = (disp[i] - avg[bin[i]]) / dev[bin[i]];
  const hv = new Uint8Array(g);
  if (cut.nTop !== undefined) {
    const finite = Array.from(norm).filter((v) => !Number.isNaN(v)).sort((a, b) => b - a);
    const n = Math.min(cut.nTop, g, finite.length);
    const threshold = n > 0 ? finite[n - 1] : Infinity;
    for (let i = 0; i < g; i++) hv[i] = (Number.isNaN(norm[i]) ? -Infinity : norm[i]) >= threshold ? 1 : 0;
  } else {
    for (let i = 0; i < g; i++) hv[i] = inBounds(mu[i], nanToNum(norm[i]), cut) ? 1 : 0;
  }
  genes.forEach((j, i) => {
    out.means[j] = mu[i];
    out.dispersions[j] = disp[i];
    out.dispersionsNorm[j] = norm[i];
    out.highlyVariable[j] = hv[i];
  });
  return out;
}

/** pandas `cut(x, bins)`: equal-width bins over [min, max], the first widened by 0.1 % of the range; bin index per value. */
function cutEqualWidth(x: Float64Array, nBins: number): Int32Array {
  let mn = Infinity;
  let mx = -Infinity;
  for (const v of x) {
    mn = Math.min(mn, v);
    mx = Math.max(mx, v);
  }
  const edges = new Float64Array(nBins + 1);
  if (mn === mx) {
    mn -= mn !== 0 ? 0.001 * Math.abs(mn) : 0.001;
    mx += mx !== 0 ? 0.001 * Math.abs(mx) : 0.001;
    linspace(edges, mn, mx);
  } else {
    linspace(edges, mn, mx);
    edges[0] -= (mx - mn) * 0.001;
  }
  // Right-closed intervals (e_{i}, e_{i+1}]: the first edge ≥ x ends x's bin.
  return Int32Array.from(x, (v) => {
    let lo = 0;
    let hi = nBins + 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(Math.max(lo - 1, 0), nBins - 1);
  });
}

/** numpy's linspace(start, stop, out.length): i·step + start, the last value exactly stop. */
function linspace(out: Float64Array, start: number, stop: number): void {
  const step = (stop - start) / (out.length - 1);
  for (let i = 0; i < out.length; i++) out[i] = i * step + start;
  out[out.length - 1] = stop;
}

function inBounds(mean: number, disp: number, cut: Cutoffs): boolean {
  return mean > cut.minMean && mean < cut.maxMean && disp > cut.minDisp && disp < cut.maxDisp;
}

/** numpy's nan_to_num: NaN → 0, ±∞ → ±largest float. */
function nanToNum(v: number): number {
  if (Number.isNaN(v)) return 0;
  if (v === Infinity) return Number.MAX_VALUE;
  if (v === -Infinity) return -Number.MAX_VALUE;
  return v;
}

/** Mean over batches skipping NaN (pandas' groupby mean); NaN when every batch is NaN. */
function meanOver(per: BatchHvg[], key: 'means' | 'dispersions' | 'dispersionsNorm'): Float64Array {
  const n = per[0][key].length;
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    let c = 0;
    for (const p of per) {
      const v = p[key][j];
      if (!Number.isNaN(v)) {
        s += v;
        c++;
      }
    }
    out[j] = c > 0 ? s / c : NaN;
  }
  return out;
}

function descendingNanLast(a: number, b: number): number {
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na || nb) return na === nb ? 0 : na ? 1 : -1;
  return a > b ? -1 : a < b ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
