import type { ScviModel } from '@vaekit/omics';
import { readData, requireObsColumn, type ReadOptions } from './read-data.js';

/**
 * Anomaly calibration for an export: omics' Pearson-residual scores of reference cells (normal
 * cells the model did not train on), summarised by the demo's calibrationFromScores into what the
 * demo reads from manifest.metadata.anomaly — so uploaded cells get calibrated scores and flags.
 */
export async function anomalyMetadata(model: ScviModel, reference: string, read: ReadOptions, falsePositiveRate: number): Promise<Record<string, unknown>> {
  const cells = await readData(reference, read);
  if (model.options.batchKey !== undefined) await requireObsColumn(cells, model.options.batchKey, "the model's batch key");
  const { pearsonResidualScores } = await import('@vaekit/omics');
  const { calibrationFromScores } = await import('@vaekit/demo');
  const { score } = pearsonResidualScores(model, cells);
  return { ...calibrationFromScores(score, falsePositiveRate), score: 'mean squared Pearson residual', referenceCells: cells.X.nRows };
}
