import type { DenseMatrix } from '@vaekit/omics';
import type { ObsCategories } from './obs-categories.js';

/** One row of the evaluation table. */
export interface MetricRow {
  /** Stable key for --json ('ari', 'nmi', 'label_asw', 'batch_asw', 'ilisi'). */
  key: string;
  label: string;
  value: number | null;
  /** Why it is null, or what it was computed on. */
  note?: string;
}

export interface LatentMetricsOptions {
  labels?: { key: string; categories: ObsCategories };
  batches?: { key: string; categories: ObsCategories };
  seed: number;
  /** ASW and LISI are O(n²): they are computed on a seeded random subset of at most this many cells. */
  maxCells: number;
}

/**
 * scib-style scores of a latent space: k-means (k = number of labels) ARI and NMI against the
 * labels, cell-type ASW, batch ASW (within cell types) and iLISI. Cells without a label (or batch)
 * are left out of the scores that need one. A score that cannot be computed here (one batch, too
 * few cells, …) is null with the reason.
 */
export async function latentMetrics(z: DenseMatrix, options: LatentMetricsOptions): Promise<{ rows: MetricRow[]; clusters?: Int32Array }> {
  const core = await import('@vaekit/core');
  const omics = await import('@vaekit/omics');
  const rows: MetricRow[] = [];
  const attempt = (key: string, label: string, compute: () => { value: number; note?: string }): void => {
    try {
      const { value, note } = compute();
      rows.push({ key, label, value, ...(note ? { note } : {}) });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'input' && code !== 'config') throw err;
      rows.push({ key, label, value: null, note: `not computed: ${(err as Error).message}` });
    }
  };
  const all = Int32Array.from({ length: z.nRows }, (_, i) => i);
  const pointsOf = (picked: Int32Array) => {
    const data = new Float32Array(picked.length * z.nCols);
    picked.forEach((r, i) => data.set(z.data.subarray(r * z.nCols, (r + 1) * z.nCols), i * z.nCols));
    return core.asPoints(data, z.nCols);
  };
  /** A seeded random subset of at most maxCells of `cells`, in row order. */
  const capped = (cells: Int32Array): { points: ReturnType<typeof pointsOf>; rows: Int32Array; note?: string } => {
    if (cells.length <= options.maxCells) return { points: pointsOf(cells), rows: cells };
    const perm = new core.Rng(options.seed).permutation(cells.length);
    const rowsPicked = Int32Array.from(perm.subarray(0, options.maxCells), (i) => cells[i]).sort();
    return { points: pointsOf(rowsPicked), rows: rowsPicked, note: `on ${options.maxCells} of ${cells.length} cells` };
  };
  const withCode = (c: ObsCategories, among: Int32Array = all): Int32Array => among.filter((r) => c.codes[r] >= 0);
  const codesOf = (c: ObsCategories, cells: Int32Array): Int32Array => Int32Array.from(cells, (r) => c.codes[r]);

  let clusters: Int32Array | undefined;
  const labels = options.labels;
  if (labels) {
    const cells = withCode(labels.categories);
    const cellsNote = labels.categories.missing > 0 ? `on the ${cells.length} labelled cells` : undefined;
    const truth = codesOf(labels.categories, cells);
    const k = new Set(truth).size;
    let predicted: Int32Array | undefined;
    attempt('ari', `k-means ARI (${labels.key}, k = ${k})`, () => {
      predicted = core.kmeans(pointsOf(cells), k, { seed: options.seed }).labels;
      clusters = new Int32Array(z.nRows).fill(-1);
      cells.forEach((r, i) => ((clusters as Int32Array)[r] = (predicted as Int32Array)[i]));
      return { value: core.adjustedRandIndex(predicted, truth), note: cellsNote };
    });
    if (predicted) {
      const p = predicted;
      attempt('nmi', `k-means NMI (${labels.key})`, () => ({ value: core.normalizedMutualInfo(p, truth), note: cellsNote }));
    }
    attempt('label_asw', `cell-type ASW (${labels.key})`, () => {
      const s = capped(cells);
      return { value: omics.labelAsw(s.points, codesOf(labels.categories, s.rows)), note: s.note ?? cellsNote };
    });
  }
  const batches = options.batches;
  if (batches) {
    const cells = withCode(batches.categories);
    if (labels) {
      attempt('batch_asw', `batch ASW (${batches.key} within ${labels.key})`, () => {
        const s = capped(withCode(labels.categories, cells));
        return { value: omics.batchAsw(s.points, codesOf(batches.categories, s.rows), codesOf(labels.categories, s.rows)).score, note: s.note };
      });
    }
    attempt('ilisi', `iLISI (${batches.key})`, () => {
      const s = capped(cells);
      return { value: omics.iLisi(s.points, codesOf(batches.categories, s.rows)), note: s.note };
    });
  }
  return { rows, clusters };
}
