import type { CountMatrix, PreprocessRecord } from '@vaekit/omics';
import { displayPath } from '../paths.js';
import { readData, requireObsColumn } from './read-data.js';
import type { TrainOmicsSettings } from './train-settings.js';

/** The cells and genes a run trains on, and what was done to get them. */
export interface TrainingData {
  matrix: CountMatrix;
  record: PreprocessRecord;
  /** Median total counts per cell over the selected genes (the demo samples with it). */
  medianLibrarySize: number;
}

/**
 * Reads the run's counts and preprocesses them as scanpy would before scVI: QC filters, then
 * highly variable genes (all genes when --n-top-genes is 0 or not below the number of genes).
 * `note` gets the warnings and a one-line account of what was kept.
 */
export async function trainingData(settings: TrainOmicsSettings, note: (line: string) => void): Promise<TrainingData> {
  const omics = await import('@vaekit/omics');
  const read = { format: settings.format, layer: settings.layer, orientation: settings.orientation };
  const raw = await readData(settings.data, read, () => note(`reading ${displayPath(settings.data)}`));
  if (settings.batchKey !== undefined) await requireObsColumn(raw, settings.batchKey, '--batch-key');
  const hvg = settings.nTopGenes > 0 && settings.nTopGenes < raw.X.nCols ? settings.nTopGenes : false;
  const pre = omics.preprocessForTraining(raw, {
    hvg,
    hvgFlavor: settings.hvgFlavor as 'seurat_v3',
    batchKey: settings.batchKey,
    filterCells: settings.minGenes !== undefined ? { minGenes: settings.minGenes } : undefined,
    filterGenes: settings.minCells !== undefined ? { minCells: settings.minCells } : undefined,
  });
  for (const w of pre.warnings) note(`warning: ${w}`);
  const { cells, genes } = pre.record.output;
  note(`data: ${raw.X.nRows} cells × ${raw.X.nCols} genes → ${cells} × ${genes} after QC${hvg === false ? '' : ` and ${settings.hvgFlavor} highly variable genes`}`);
  if (cells < 2) {
    const { InputError } = await import('@vaekit/core');
    throw new InputError(`${cells} cells are left after preprocessing`, 'loosen --min-genes / --min-cells, or check the data');
  }
  return { matrix: pre.matrix, record: pre.record, medianLibrarySize: median(omics.rowSums(pre.matrix.X)) };
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}
