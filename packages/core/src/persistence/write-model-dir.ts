import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tensor } from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';
import type { JsonObject } from '../plugins/contracts.js';
import type { ReplaceDirOptions } from './atomic-dir.js';
import { replaceDirAtomically, writeFileSynced } from './atomic-dir.js';
import type { WeightsIndex } from './format.js';
import { FORMAT_VERSION, MODEL_FILE, MODEL_FORMAT, WEIGHTS_FILE } from './format.js';
import { encodeWeights, sha256Hex } from './weights-codec.js';

export interface WriteModelOptions {
  /** Test seam: see ReplaceDirOptions.onStage. Throwing aborts the write with the old model intact. */
  onStage?: ReplaceDirOptions['onStage'];
}

const RESERVED = ['format', 'formatVersion', 'weights'] as const;

/**
 * Writes a model directory: `model.json` = `{ format, formatVersion, createdAt, ...manifest,
 * weights: index }` and `weights.bin` (float32/int32, little-endian). Atomic: a failure at any
 * point leaves the previous `dir` as it was. Refuses to replace an existing directory that is
 * neither empty nor a vaekit model, so a mistyped path cannot delete someone's data. `manifest`
 * may set `createdAt`; it may not set the reserved keys format, formatVersion or weights.
 * Reads the tensors; disposes nothing.
 */
export async function writeModelDir(dir: string, manifest: JsonObject, weights: Record<string, Tensor>, options: WriteModelOptions = {}): Promise<void> {
  const reserved = RESERVED.filter((k) => k in manifest);
  if (reserved.length > 0) {
    throw new ConfigError(`The model manifest sets reserved key(s) ${reserved.join(', ')}`, 'rename them; writeModelDir fills these in itself');
  }
  await replaceDirAtomically(
    dir,
    async (tmp) => {
      const { bytes, entries } = await encodeWeights(weights);
      const index: WeightsIndex = { file: WEIGHTS_FILE, byteLength: bytes.byteLength, sha256: sha256Hex(bytes), entries };
      const json = {
        format: MODEL_FORMAT,
        formatVersion: FORMAT_VERSION,
        createdAt: new Date().toISOString(),
        ...manifest,
        weights: index,
      };
      await writeFileSynced(join(tmp, WEIGHTS_FILE), bytes);
      await writeFileSynced(join(tmp, MODEL_FILE), `${JSON.stringify(json, null, 2)}\n`);
    },
    { onStage: options.onStage, checkReplaceable: checkIsModelDir },
  );
}

/** An existing directory may be replaced only when it is empty or holds a vaekit model. */
async function checkIsModelDir(dir: string): Promise<void> {
  if ((await readdir(dir)).length === 0) return;
  let format: unknown;
  try {
    format = (JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8')) as { format?: unknown }).format;
  } catch {
    format = undefined;
  }
  if (format !== MODEL_FORMAT) {
    throw new ConfigError(
      `Refusing to replace ${dir}: it is not empty and not a vaekit model directory (no ${MODEL_FILE} with format "${MODEL_FORMAT}")`,
      'choose a new or empty directory, or remove this one yourself if you really mean to',
    );
  }
}
