/**
 * Where the benchmark data sets live: `$VAEKIT_DATA`, else `../shared/data`, resolved against the
 * repository root (never copied into the repo).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');

/** Absolute path of data set `name` under the data root; throws with a hint when it is missing. */
export function dataPath(name) {
  const root = resolve(REPO_ROOT, process.env.VAEKIT_DATA ?? '../shared/data');
  const path = join(root, name);
  if (!existsSync(path)) throw new Error(`sequential bench: data set "${name}" not found at ${path} — set VAEKIT_DATA to the folder that holds it`);
  return path;
}
