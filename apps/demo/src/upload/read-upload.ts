import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, VaekitError } from '@vaekit/core/errors';
import { readCounts, type CountMatrix } from '@vaekit/omics/io';
import { extractZipCounts } from './unzip-tenx.js';
import { UPLOAD_TYPES, uploadType } from './file-name.js';

/**
 * Reads a count file saved in a request's workspace with @vaekit/omics' readers: CSV/TSV (gzip
 * too), .h5ad, 10x .h5, or a .zip holding a 10x folder. Errors name the file as the user called
 * it (`displayName`), not the temp path; an unknown type is an InputError listing the known ones.
 */
export async function readUploadedCounts(path: string, displayName: string, options: { workspace: string; maxUnzippedBytes: number }): Promise<CountMatrix> {
  const type = uploadType(displayName) ?? uploadType(path);
  if (type === undefined) {
    throw new InputError(`"${displayName}" is not a count file type this server reads`, `upload one of ${UPLOAD_TYPES.join(', ')} (a 10x folder as .zip)`);
  }
  return renamePaths(async () => {
    if (type !== '.zip') return readCounts(path, type.startsWith('.txt') ? { delimiter: '\t' } : {});
    const content = await extractZipCounts(await readFile(path), join(options.workspace, 'unzipped'), options.maxUnzippedBytes, displayName);
    const counts = await (content.kind === '10x' ? readCounts(content.dir, { kind: '10x-mtx' }) : readCounts(content.path));
    counts.source = content.source;
    return counts;
  }, options.workspace, displayName);
}

/** Runs `read`, replacing the workspace's temp paths in a VaekitError's message with the user's file name. */
async function renamePaths(read: () => Promise<CountMatrix>, workspace: string, displayName: string): Promise<CountMatrix> {
  try {
    const counts = await read();
    if (counts.source?.startsWith(workspace)) counts.source = displayName;
    return counts;
  } catch (err) {
    if (!(err instanceof VaekitError) || !err.message.includes(workspace)) throw err;
    const pattern = new RegExp(`${escapeRegExp(workspace)}[^\\s,:;"')]*`, 'g');
    const message = (err.hint ? err.message.slice(0, -(err.hint.length + 3)) : err.message).replace(pattern, displayName);
    const hint = err.hint?.replace(pattern, displayName);
    const Ctor = err.constructor as new (message: string, hint?: string) => VaekitError;
    throw new Ctor(message, hint);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
