import { InputError } from '@vaekit/core/errors';
import { forEachLine } from './byte-lines.js';

/**
 * Splits one line of a delimited file into fields. Fields may be double-quoted (RFC 4180:
 * a quote inside is written twice); quotes are removed. Lines without quotes take a fast path.
 */
export function splitFields(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const out: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < line.length) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
    } else if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (line.startsWith(delimiter, i)) {
      out.push(field);
      field = '';
      i += delimiter.length;
    } else {
      field += ch;
      i++;
    }
  }
  out.push(field);
  return out;
}

/** Quotes a field for CSV/TSV output when it holds the delimiter, a quote or a line break. */
export function quoteField(value: string, delimiter: string): string {
  if (value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim()) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** The delimiter a file name implies: tab for .tsv/.tab/.txt (after removing .gz), comma otherwise. */
export function delimiterFor(name: string): string {
  return /\.(tsv|tab|txt)$/i.test(name.replace(/\.gz$/i, '')) ? '\t' : ',';
}

/**
 * Reads a small delimited text file (gzip or plain) into rows of fields, skipping blank lines.
 * For the 10x barcodes/features files and metadata tables, not for count matrices.
 */
export async function readRows(path: string, delimiter: string): Promise<string[][]> {
  const rows: string[][] = [];
  await forEachLine(path, (line) => {
    if (line.trim() !== '') rows.push(splitFields(line, delimiter));
  });
  return rows;
}

/** Throws an InputError unless every row has at least `min` fields, naming the first short line. */
export function requireFields(path: string, rows: string[][], min: number, what: string): void {
  const bad = rows.findIndex((r) => r.length < min);
  if (bad >= 0) {
    throw new InputError(`${path}: row ${bad + 1} has ${rows[bad].length} field(s), expected at least ${min} (${what})`, 'check that the file is tab-separated and not truncated');
  }
}
