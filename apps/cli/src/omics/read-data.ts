import type { CountMatrix } from '@vaekit/omics';
import { CliError, UsageError } from '../errors.js';

/** The reading flags shared by the commands. */
export interface ReadOptions {
  format?: string;
  layer?: string;
  orientation?: 'cells-by-genes' | 'genes-by-cells' | 'auto';
}

/**
 * Reads counts through @vaekit/omics' reader registry: the reader that recognises the path, or
 * the one named by `format` (a registered reader kind). An unknown --format is a usage error and
 * an unrecognised file a data error, both listing the formats. `onStart` is called once the path
 * is known to exist and a reader takes it.
 */
export async function readData(path: string, options: ReadOptions = {}, onStart?: () => void): Promise<CountMatrix> {
  const { countReaders, pathInfo, readCounts } = await import('@vaekit/omics');
  const formats = (): string => countReaders.all().map((r) => `${r.kind} — ${r.description}`).join('; ');
  if (options.format !== undefined && !countReaders.has(options.format)) {
    throw new UsageError(`--format "${options.format}" is not a format vaekit reads`, `formats: ${formats()}`);
  }
  const info = await pathInfo(path); // a missing path is an InputError naming it
  if (options.format === undefined && !countReaders.all().some((r) => r.canRead(info))) {
    throw new CliError(`${path}: vaekit does not recognise this kind of file`, `pass --format with one of: ${formats()}`);
  }
  onStart?.(); // the path exists and a reader takes it: reading a large file takes a while
  return readCounts(path, { kind: options.format, layer: options.layer, orientation: options.orientation });
}

/** Throws an InputError naming the obs columns there are when `key` (given as `flag`) is not one. */
export async function requireObsColumn(m: CountMatrix, key: string, flag: string): Promise<void> {
  if (key in m.obs.columns) return;
  const { InputError } = await import('@vaekit/core');
  const columns = Object.keys(m.obs.columns);
  throw new InputError(
    `${flag} "${key}" is not a cell annotation (obs column) of ${m.source ?? 'the data'}`,
    columns.length > 0 ? `obs columns: ${columns.join(', ')}` : 'the data has no obs columns; add cell annotations (e.g. an .h5ad with obs) or drop the flag',
  );
}
