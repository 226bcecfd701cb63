import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { InputError } from '@vaekit/core/errors';
import { HttpError } from '../http/http-error.js';
import { uploadType } from './file-name.js';

const TENX_FILE = /^(.*?)(matrix\.mtx|features\.tsv|genes\.tsv|barcodes\.tsv)(\.gz)?$/;

/** What a zip held that can be read: a 10x Matrix Market folder, or else one count file. */
export type ZipContent = { kind: '10x'; dir: string; source: string } | { kind: 'file'; path: string; source: string };

/**
 * Extracts the count data of an uploaded .zip: the 10x folder (matrix.mtx, features.tsv or
 * genes.tsv, barcodes.tsv, gzipped or not, with or without a name prefix such as GSM123_) found at
 * any depth — the shallowest complete one — or, failing that, the only count file (.csv, .h5ad, …)
 * it contains. Only those files are written, under canonical names in `outDir`, so entry paths
 * never choose where anything lands. More than `maxBytes` uncompressed is a 413.
 */
export async function extractZipCounts(zip: Uint8Array, outDir: string, maxBytes: number, displayName: string): Promise<ZipContent> {
  let total = 0;
  const wanted = (f: UnzipFileInfo): boolean => {
    const base = f.name.split('/').pop() ?? '';
    if (f.name.startsWith('__MACOSX/') || base.startsWith('._') || f.name.endsWith('/')) return false;
    if (!TENX_FILE.test(base) && uploadType(base) === undefined) return false;
    total += f.originalSize;
    if (total > maxBytes) throw new HttpError(413, `${displayName} unpacks to more than ${Math.round(maxBytes / 2 ** 20)} MiB`, 'upload a smaller data set', 'too-large');
    return true;
  };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, { filter: wanted });
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new InputError(`${displayName} is not a readable zip archive (${(err as Error).message})`, 'zip the 10x folder (matrix.mtx, features.tsv or genes.tsv, barcodes.tsv) and upload the .zip');
  }

  const folders = new Map<string, Map<string, string>>();
  for (const name of Object.keys(files)) {
    const parts = name.split('/');
    const m = TENX_FILE.exec(parts.pop() ?? '');
    if (!m) continue;
    const key = `${parts.join('/')}\u0000${m[1]}`;
    const kinds = folders.get(key) ?? new Map<string, string>();
    kinds.set(m[2] === 'genes.tsv' ? 'features.tsv' : m[2], name);
    folders.set(key, kinds);
  }
  const complete = [...folders.entries()]
    .filter(([, kinds]) => kinds.has('matrix.mtx') && kinds.has('features.tsv') && kinds.has('barcodes.tsv'))
    .sort(([a], [b]) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  if (complete.length > 0) {
    const [key, kinds] = complete[0];
    const dir = join(outDir, '10x');
    await mkdir(dir, { recursive: true });
    for (const [kind, entry] of kinds) {
      const isGenes = /genes\.tsv(\.gz)?$/.test(entry);
      const target = (isGenes ? 'genes.tsv' : kind) + (entry.endsWith('.gz') ? '.gz' : '');
      await writeFile(join(dir, target), files[entry]);
    }
    const [folder, prefix] = key.split('\u0000');
    return { kind: '10x', dir, source: `${displayName}:${folder === '' ? '' : `${folder}/`}${prefix}` };
  }
  const countFiles = Object.keys(files).filter((n) => {
    const base = n.split('/').pop() ?? '';
    return !TENX_FILE.test(base) && uploadType(base) !== undefined && uploadType(base) !== '.zip';
  });
  if (countFiles.length === 1) {
    const base = countFiles[0].split('/').pop() as string;
    await mkdir(outDir, { recursive: true });
    const path = join(outDir, `inner-${base.replace(/[^A-Za-z0-9._-]/g, '_')}`);
    await writeFile(path, files[countFiles[0]]);
    return { kind: 'file', path, source: `${displayName}:${countFiles[0]}` };
  }
  const partial = [...folders.values()].map((k) => [...k.keys()].join('+'));
  throw new InputError(
    `${displayName} holds no complete 10x folder${partial.length ? ` (found only ${partial.join('; ')})` : ''}${countFiles.length > 1 ? ` and ${countFiles.length} count files (${countFiles.slice(0, 5).join(', ')})` : ''}`,
    'a 10x folder needs matrix.mtx, features.tsv (or genes.tsv) and barcodes.tsv, gzipped or not; or zip exactly one .csv/.tsv/.h5ad file',
  );
}
