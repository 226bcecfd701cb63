import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from '../errors.js';

/**
 * The export replaces --out as a whole (atomically). That is what re-exporting wants, but it must
 * never wipe a folder of something else: --out must be new, empty, or an earlier export.
 */
export function checkExportTarget(out: string): string {
  const dir = resolve(out);
  if (!existsSync(dir)) return dir;
  if (!statSync(dir).isDirectory()) throw new CliError(`--out ${out} is a file`, 'pass a folder for the export (it is created)');
  const entries = readdirSync(dir);
  if (entries.length > 0 && !entries.includes('manifest.json')) {
    throw new CliError(`--out ${out} is a folder that holds other files, not an earlier export`, 'the export replaces --out as a whole: pass a new or empty folder');
  }
  return dir;
}

/** Sub-folders of `dir` that hold an export (manifest.json): what `vaekit serve --models dir` lists. */
export function exportsIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'manifest.json')))
    .map((e) => e.name)
    .sort();
}
