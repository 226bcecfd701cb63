import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../errors.js';

/** The parts of a saved model's model.json the CLI reads (see `vaekit train omics`). */
export interface SavedModelManifest {
  model?: { kind?: string; featureDim?: number; latentDim?: number };
  omics?: { kind?: string; options?: { likelihood?: string; latentDim?: number; batchKey?: string } };
  training?: { kind?: string };
  trainingSummary?: { epochs?: number; stoppedReason?: string; finalLoss?: number | null; finalValidationLoss?: number | null };
  cli?: { version?: string; data?: { cells?: number; genes?: number; medianLibrarySize?: number } };
}

/** Reads `dir/model.json`; undefined when it cannot be read or parsed (the model loader then says what is wrong). */
export async function readSavedManifest(dir: string): Promise<SavedModelManifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as SavedModelManifest;
  } catch {
    return undefined;
  }
}

/** A training checkpoint is not a model to evaluate or export: say what to pass instead. */
export function rejectCheckpoint(dir: string, manifest: SavedModelManifest | undefined): void {
  if (manifest?.training?.kind === 'vaekit-training-checkpoint') {
    throw new CliError(`${dir} is a training checkpoint, not a saved model`, 'pass the --out folder of `vaekit train omics`, or its model/ folder');
  }
}
