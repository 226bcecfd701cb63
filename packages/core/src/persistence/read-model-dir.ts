import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { ModelFormatError } from '../errors.js';
import type { JsonObject } from '../plugins/contracts.js';
import type { WeightsIndex } from './format.js';
import { FORMAT_VERSION, MODEL_FILE, MODEL_FORMAT } from './format.js';
import type { MigrationRegistry } from './migrations.js';
import { modelMigrations } from './migrations.js';
import { parseWeightsIndex } from './weights-index.js';
import { decodeWeights, sha256Hex } from './weights-codec.js';

/** What readModelDir returns. The caller owns (and must dispose) the weight tensors. */
export interface ModelDirContents {
  /** model.json (migrated to the current formatVersion) without its `weights` index. */
  manifest: JsonObject;
  /** The index of weights.bin as read. */
  index: WeightsIndex;
  weights: Record<string, Tensor>;
}

export interface ReadModelOptions {
  /** Migrations for older formatVersions (default: the built-in registry). */
  migrations?: MigrationRegistry;
}

/**
 * Reads a model directory written by writeModelDir, checking everything before making a tensor:
 * the directory, model.json (present, JSON, a vaekit model, a formatVersion this vaekit reads or
 * can migrate), the weights index (dtypes, shapes, bounds), and weights.bin (present, not
 * truncated, sha256 intact). Each problem is a ModelFormatError naming the file.
 */
export async function readModelDir(dir: string, options: ReadModelOptions = {}): Promise<ModelDirContents> {
  const dirStat = await stat(dir).catch(() => undefined);
  if (!dirStat) {
    throw new ModelFormatError(`Model directory ${dir} does not exist`, 'check the path; a saved model is a directory holding model.json and weights.bin');
  }
  if (!dirStat.isDirectory()) {
    throw new ModelFormatError(`${dir} is not a directory`, 'a saved model is a directory holding model.json and weights.bin; pass the directory');
  }
  const modelFile = join(dir, MODEL_FILE);
  const json = (options.migrations ?? modelMigrations).migrate(checkHeader(await readJson(modelFile), modelFile), modelFile);
  const index = parseWeightsIndex(json.weights, modelFile);
  const bytes = await readWeightsFile(join(dir, index.file), index, modelFile);
  const { weights: _index, ...manifest } = json;
  return { manifest, index, weights: decodeWeights(bytes, index.entries) };
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ModelFormatError(`${file} is missing`, 'this is not a saved vaekit model, or it was copied incompletely; copy the whole directory');
    }
    throw err;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ModelFormatError(`${file} is not valid JSON (${(err as Error).message})`, 'the file is damaged; restore it from a backup or save the model again');
  }
}

/** Checks format and formatVersion; older versions are left for the migrations. */
function checkHeader(json: unknown, file: string): JsonObject {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelFormatError(`${file} is not a vaekit model: it holds no JSON object`, 'pass the directory of a model saved by vaekit');
  }
  const obj = json as JsonObject;
  if (obj.format !== MODEL_FORMAT) {
    throw new ModelFormatError(
      `${file} is not a vaekit model: "format" is ${JSON.stringify(obj.format ?? null)}, expected "${MODEL_FORMAT}"`,
      'pass the directory of a model saved by vaekit',
    );
  }
  const version = obj.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new ModelFormatError(`${file}: "formatVersion" is missing or not a non-negative integer`, 'the file is damaged; save the model again');
  }
  if (version > FORMAT_VERSION) {
    throw new ModelFormatError(
      `${file} has formatVersion ${version}, newer than this vaekit reads (formatVersion ${FORMAT_VERSION} at most)`,
      'it was saved by a newer vaekit; upgrade @vaekit/core (npm i @vaekit/core@latest) to load it',
    );
  }
  return obj;
}

async function readWeightsFile(file: string, index: WeightsIndex, modelFile: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ModelFormatError(`${file} is missing`, `copy the whole model directory (${MODEL_FILE} and its weights file together)`);
    }
    throw err;
  }
  if (bytes.byteLength < index.byteLength) {
    throw new ModelFormatError(
      `${file} is truncated: ${bytes.byteLength} bytes, but ${modelFile} says ${index.byteLength}`,
      'it was cut short (an interrupted copy or download?); copy it again',
    );
  }
  if (bytes.byteLength > index.byteLength) {
    throw new ModelFormatError(
      `${file} has ${bytes.byteLength} bytes, but ${modelFile} says ${index.byteLength}`,
      `it does not belong to this ${MODEL_FILE}, or was modified; copy the model directory again`,
    );
  }
  const actual = sha256Hex(bytes);
  if (actual !== index.sha256) {
    throw new ModelFormatError(
      `${file} is corrupt: its sha256 ${actual} does not match ${index.sha256} recorded in ${modelFile}`,
      'copy it again from the original, or save the model again',
    );
  }
  return bytes;
}

/** Disposes the weights of a ModelDirContents (for callers that only wanted the manifest). */
export function disposeWeights(contents: Pick<ModelDirContents, 'weights'>): void {
  tf.dispose(Object.values(contents.weights));
}
