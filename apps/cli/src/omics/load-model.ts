import type { ScviModel } from '@vaekit/omics';
import { CliError } from '../errors.js';
import { readSavedManifest, rejectCheckpoint } from './model-manifest.js';

/**
 * Loads the scVI-style model saved in `dir` (see resolveModelDir). A folder that holds another
 * kind of model — a training checkpoint, a model of another package — or one that core cannot
 * build is a data error (exit 1) that says what to pass instead.
 */
export async function loadOmicsModel(dir: string): Promise<ScviModel> {
  const manifest = await readSavedManifest(dir);
  rejectCheckpoint(dir, manifest);
  if (manifest && manifest.omics?.kind !== 'scvi') {
    throw new CliError(`${dir} is not a model saved by \`vaekit train omics\``, 'pass the --out folder of `vaekit train omics`, or its model/ folder');
  }
  const { ScviModel } = await import('@vaekit/omics');
  try {
    return await ScviModel.load(dir);
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'config') throw new CliError(`cannot load the model in ${dir}: ${e.message}`, 'it may come from another version of vaekit: retrain it, or upgrade vaekit');
    throw err;
  }
}
