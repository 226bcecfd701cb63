/**
 * pbmc3k (10x, raw UMI) with the Seurat tutorial's cell types: the 2,638 labelled cells, 2,000
 * highly variable genes by seurat_v3 on their raw counts.
 */
import { join } from 'node:path';
import { joinObs, readCounts, readTable, subsetCounts } from '@vaekit/omics';
import { dataPath } from './data-root.mjs';
import { encodeStrings } from './labels.mjs';
import { hvgSeuratV3 } from './omics-imports.mjs';
import { secondsSince } from './stats.mjs';

/** Loads pbmc3k: `{ matrix (cells × HVGs, raw counts), labels { codes, levels, counts }, info }`. */
export async function loadPbmc3k({ nTopGenes = 2000 } = {}) {
  const t0 = performance.now();
  const dir = dataPath('pbmc3k');
  const raw = await readCounts(dir);
  const table = await readTable(join(dir, 'cell_labels.csv'));
  const joined = joinObs(raw, table, { columns: ['seurat_annotations'] });
  const annotations = joined.obs.columns.seurat_annotations;
  const keep = [];
  annotations.forEach((v, i) => v !== '' && keep.push(i));
  const labelled = subsetCounts(joined, { cells: keep });
  const hvg = hvgSeuratV3(labelled, { nTopGenes });
  const matrix = subsetCounts(labelled, { genes: hvg.selected });
  const labels = encodeStrings(matrix.obs.columns.seurat_annotations);
  return {
    matrix,
    labels,
    info: {
      path: dir,
      rawShape: [raw.X.nRows, raw.X.nCols],
      cells: matrix.X.nRows,
      genes: matrix.X.nCols,
      labelCounts: labels.counts,
      hvg: { flavor: 'seurat_v3', nTopGenes, on: 'raw counts of the labelled cells', warnings: hvg.warnings, singularFits: hvg.singularFits },
      loadSeconds: secondsSince(t0),
    },
  };
}
