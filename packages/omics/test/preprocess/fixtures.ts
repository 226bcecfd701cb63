/** The committed references for preprocessing (fixtures/preprocess/make_preprocess_fixtures.py). */
import { readFileSync } from 'node:fs';
import type { CountMatrix } from '../../src/matrix/count-matrix.js';
import { CsrMatrix } from '../../src/matrix/csr-matrix.js';

export interface LoessCase {
  name: string;
  span: number;
  degree: number;
  x: number[];
  y: number[];
  interpolate: number[];
  direct: number[];
}

export interface SeuratV3Reference {
  selected: number[];
  means?: number[];
  variances?: number[];
  variancesNorm: number[];
  rank: (number | null)[];
  nBatches: number[];
  perBatchNormVar?: number[][];
  tieAcrossCutoff: boolean[];
}

export interface SeuratReference {
  selected: number[];
  means: (number | null)[];
  dispersions: (number | null)[];
  dispersionsNorm: (number | null)[];
  nBatches?: number[];
}

export interface HvgFixture {
  nCells: number;
  nGenes: number;
  indptr: number[];
  indices: number[];
  data: number[];
  cells: string[];
  genes: string[];
  geneIds: string[];
  batch: string[];
  /** Genes raised 3–8× in one of three simulated cell types, and genes raised 2.5× in batch b. */
  markers: number[];
  batchGenes: number[];
  librarySize: number[];
  /** Stored values of normalize_total / log1p for the first 12 cells. */
  normalized: number[];
  log1p: number[];
  seuratV3: Record<string, SeuratV3Reference>;
  seurat: Record<string, SeuratReference>;
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/preprocess/${name}`, import.meta.url), 'utf8')) as T;
}

export const loessCases = load<{ cases: LoessCase[] }>('loess.json').cases;
export const hvgFixture = load<HvgFixture>('hvg.json');

/** The simulated data set (300 cells × 400 genes, batches 'a'/'b') as a CountMatrix. */
export function simulatedCounts(): CountMatrix {
  const f = hvgFixture;
  const X = new CsrMatrix(f.nCells, f.nGenes, Int32Array.from(f.indptr), Int32Array.from(f.indices), Float32Array.from(f.data));
  return { X, obs: { names: f.cells.slice(), columns: { batch: f.batch.slice() } }, var: { names: f.genes.slice(), columns: { gene_ids: f.geneIds.slice() } } };
}

/** Largest |a − b| / max(|b|, floor); a NaN must meet a null (or NaN) reference. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number | null>, floor = 1e-300): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const want = b[i];
    if (want === null || Number.isNaN(want)) {
      if (!Number.isNaN(a[i])) return Infinity;
      continue;
    }
    if (Number.isNaN(a[i])) return Infinity;
    worst = Math.max(worst, Math.abs(a[i] - want) / Math.max(Math.abs(want), floor));
  }
  return worst;
}

/** A small CountMatrix from dense rows (cells × genes). */
export function tinyCounts(rows: number[][], genes: string[], cells?: string[], varColumns: Record<string, string[]> = {}): CountMatrix {
  const X = CsrMatrix.fromDense(rows.flat(), rows.length, genes.length);
  return { X, obs: { names: cells ?? rows.map((_, i) => `c${i}`), columns: {} }, var: { names: genes, columns: varColumns } };
}
