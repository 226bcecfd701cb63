/**
 * CellBench sc_mixology (Tian et al. 2019): five count tables (CEL-seq2 3-line, Drop-seq 3-line,
 * CEL-seq2 5-line plates 1–3), each a batch. Demuxlet singlets only, cell line = label, genes
 * intersected on the Ensembl id, then 2,000 HVGs by seurat_v3 with the batch as batch_key.
 */
import { join } from 'node:path';
import { joinObs, readCounts, readTable, subsetCounts } from '@vaekit/omics';
import { concatCells } from './concat-counts.mjs';
import { dataPath } from './data-root.mjs';
import { encodeStrings } from './labels.mjs';
import { hvgSeuratV3 } from './omics-imports.mjs';
import { secondsSince } from './stats.mjs';

/** The five batches (file stems), in a fixed order. */
export const CELLBENCH_BATCHES = ['sc_celseq2', 'sc_dropseq', 'sc_celseq2_5cl_p1', 'sc_celseq2_5cl_p2', 'sc_celseq2_5cl_p3'];

async function readBatch(dir, stem) {
  const counts = await readCounts(join(dir, `${stem}.count.csv.gz`), { orientation: 'genes-by-cells' });
  const meta = await readTable(join(dir, `${stem}.metadata.csv.gz`));
  const joined = joinObs(counts, meta, { columns: ['cell_line_demuxlet', 'demuxlet_cls'], required: true });
  const keep = [];
  joined.obs.columns.demuxlet_cls.forEach((c, i) => c === 'SNG' && keep.push(i));
  const singlets = subsetCounts(joined, { cells: keep });
  // cell ids repeat across files (p1_A1 is in every 5-line plate): prefix them with the batch
  const obs = {
    names: singlets.obs.names.map((n) => `${stem}:${n}`),
    columns: { cell_line: singlets.obs.columns.cell_line_demuxlet, batch: singlets.obs.names.map(() => stem) },
  };
  return { matrix: { ...singlets, obs }, cells: counts.X.nRows, singlets: keep.length, genes: counts.X.nCols };
}

/** Loads and concatenates the batches: `{ matrix, labels, batches, info }` (codes for both). */
export async function loadCellbench({ nTopGenes = 2000 } = {}) {
  const t0 = performance.now();
  const dir = dataPath('cellbench_sc_mixology');
  const parts = [];
  for (const stem of CELLBENCH_BATCHES) parts.push(await readBatch(dir, stem));
  const sharedSet = parts.slice(1).reduce((set, p) => new Set(p.matrix.var.names.filter((g) => set.has(g))), new Set(parts[0].matrix.var.names));
  const shared = parts[0].matrix.var.names.filter((g) => sharedSet.has(g));
  const aligned = parts.map((p) => {
    const index = new Map(p.matrix.var.names.map((g, j) => [g, j]));
    return subsetCounts(p.matrix, { genes: shared.map((g) => index.get(g)) });
  });
  const all = concatCells(aligned);
  const hvg = hvgSeuratV3(all, { nTopGenes, batchKey: 'batch' });
  const matrix = subsetCounts(all, { genes: hvg.selected });
  const labels = encodeStrings(matrix.obs.columns.cell_line);
  const batches = encodeStrings(matrix.obs.columns.batch);
  return {
    matrix,
    labels,
    batches,
    info: {
      path: dir,
      perBatch: Object.fromEntries(CELLBENCH_BATCHES.map((s, i) => [s, { cells: parts[i].cells, singlets: parts[i].singlets, genes: parts[i].genes }])),
      sharedGenes: shared.length,
      cells: matrix.X.nRows,
      genes: matrix.X.nCols,
      labelCounts: labels.counts,
      batchCounts: batches.counts,
      hvg: { flavor: 'seurat_v3', nTopGenes, batchKey: 'batch', warnings: hvg.warnings, singularFits: hvg.singularFits },
      loadSeconds: secondsSince(t0),
    },
  };
}
