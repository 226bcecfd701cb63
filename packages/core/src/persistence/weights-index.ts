import { ModelFormatError } from '../errors.js';
import type { JsonValue } from '../plugins/contracts.js';
import type { WeightEntry, WeightsIndex } from './format.js';
import { WEIGHTS_FILE, WEIGHT_DTYPES, isWeightDtype } from './format.js';

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Checks the `weights` object of a model.json (read from `file`) and returns it typed: the file
 * name, sizes, sha256, and every entry's dtype, shape and bounds. Throws ModelFormatError naming
 * `file` and the problem.
 */
export function parseWeightsIndex(value: JsonValue | undefined, file: string): WeightsIndex {
  const bad = (problem: string): ModelFormatError =>
    new ModelFormatError(`${file}: ${problem}`, 'the file was edited or damaged; restore it from a backup or save the model again');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('"weights" is missing or not an object');
  const { file: name, byteLength, sha256, entries } = value;
  if (name !== WEIGHTS_FILE) throw bad(`"weights.file" is ${JSON.stringify(name)}, expected "${WEIGHTS_FILE}"`);
  if (!isCount(byteLength)) throw bad('"weights.byteLength" is not a non-negative integer');
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) throw bad('"weights.sha256" is not a hex sha256');
  if (!Array.isArray(entries)) throw bad('"weights.entries" is not an array');

  const seen = new Set<string>();
  const parsed = entries.map((raw, i): WeightEntry => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad(`weights entry ${i} is not an object`);
    const { name: n, shape, dtype, offset, byteLength: len } = raw;
    if (typeof n !== 'string' || !n) throw bad(`weights entry ${i} has no name`);
    if (seen.has(n)) throw bad(`weight "${n}" is listed twice`);
    seen.add(n);
    if (!isWeightDtype(dtype)) {
      throw bad(`weight "${n}" has unknown dtype ${JSON.stringify(dtype)} (this vaekit reads ${Object.keys(WEIGHT_DTYPES).join(', ')})`);
    }
    if (!Array.isArray(shape) || !shape.every(isCount)) throw bad(`weight "${n}" has an invalid shape ${JSON.stringify(shape)}`);
    if (!isCount(offset) || !isCount(len)) throw bad(`weight "${n}" has an invalid offset or byteLength`);
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    if (len !== size * WEIGHT_DTYPES[dtype]) {
      throw bad(`weight "${n}" has byteLength ${len}, but shape [${shape.join(',')}] of ${dtype} needs ${size * WEIGHT_DTYPES[dtype]}`);
    }
    if (offset + len > byteLength) {
      throw bad(`weight "${n}" (bytes ${offset}–${offset + len}) lies outside ${WEIGHTS_FILE} (${byteLength} bytes)`);
    }
    return { name: n, shape: shape as number[], dtype, offset, byteLength: len };
  });
  return { file: name, byteLength, sha256, entries: parsed };
}
