import { basename } from 'node:path';

/** The count-file types an upload may be, by name (what the omics readers recognise, plus .zip for a 10x folder). */
export const UPLOAD_TYPES = ['.csv', '.csv.gz', '.tsv', '.tsv.gz', '.txt', '.txt.gz', '.h5ad', '.h5', '.zip'] as const;

/**
 * A safe local name for an uploaded file: its base name with anything but letters, digits, ".",
 * "_" and "-" replaced, so the name keeps its extension (which picks the reader) and can never
 * point outside the request's workspace.
 */
export function safeFileName(name: string | undefined, fallback = 'upload.csv'): string {
  const base = basename((name ?? '').replaceAll('\\', '/')).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return base === '' ? fallback : base.slice(-120);
}

/** The upload type of a file name ('.csv.gz', '.zip', …), or undefined when it is none of {@link UPLOAD_TYPES}. */
export function uploadType(name: string): string | undefined {
  const lower = name.toLowerCase();
  return [...UPLOAD_TYPES].sort((a, b) => b.length - a.length).find((ext) => lower.endsWith(ext));
}

/** A file name for a raw (non-multipart) body, from `?filename=` or else its content type. */
export function nameForContentType(contentType: string | undefined, filename: string | undefined): string {
  if (filename) return safeFileName(filename);
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const byType: Record<string, string> = {
    'text/csv': 'upload.csv',
    'text/tab-separated-values': 'upload.tsv',
    'text/plain': 'upload.csv',
    'application/zip': 'upload.zip',
    'application/x-zip-compressed': 'upload.zip',
    'application/gzip': 'upload.csv.gz',
    'application/x-hdf5': 'upload.h5ad',
  };
  return byType[type] ?? 'upload.csv';
}
