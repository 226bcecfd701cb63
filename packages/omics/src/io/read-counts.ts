import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { InputError } from '@vaekit/core/errors';
import type { CountMatrix } from '../matrix/count-matrix.js';
import { fileError } from './byte-lines.js';
import type { PathInfo, ReadCountsOptions } from './reader.js';
import { countReaders } from './registry.js';

/** What a path is, for choosing a reader: absolute path, folder or file, name without `.gz`. */
export async function pathInfo(path: string): Promise<PathInfo> {
  const absolute = resolve(path);
  const info = await stat(absolute).catch((err: NodeJS.ErrnoException) => {
    throw fileError(path, err);
  });
  const lower = basename(absolute).toLowerCase();
  const gz = lower.endsWith('.gz');
  return { path: absolute, isDirectory: info.isDirectory(), name: gz ? lower.slice(0, -3) : lower, gz };
}

/**
 * Reads single-cell counts from `path` into a CountMatrix (cells × genes CSR + obs/var), choosing
 * the reader from what the path is — a 10x Matrix Market folder, `.h5ad`, 10x `.h5`, or a
 * `.csv`/`.tsv` table (gzip too) — through the `countReaders` registry (`options.kind` forces
 * one). An unknown type is an InputError listing the supported ones.
 */
export async function readCounts(path: string, options: ReadCountsOptions = {}): Promise<CountMatrix> {
  const info = await pathInfo(path);
  const reader = options.kind !== undefined ? countReaders.get(options.kind) : countReaders.all().find((r) => r.canRead(info));
  if (!reader) {
    throw new InputError(
      `${path}: unknown count file type "${basename(path)}"`,
      `supported: ${countReaders
        .all()
        .map((r) => `${r.kind} — ${r.description}`)
        .join('; ')}; or pass kind to choose a reader`,
    );
  }
  return reader.read(info.path, options);
}
