import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ConfigError } from '@vaekit/core/errors';
import type { AnnotationColumn } from '../matrix/count-matrix.js';
import { writeFileAtomically } from './atomic-file.js';
import { delimiterFor, quoteField } from './delimited.js';

/** A matrix with row and column names (a latent space: cells × latent dimensions). */
export interface CsvMatrix {
  rowNames: readonly string[];
  colNames: readonly string[];
  /** Row-major [rowNames.length, colNames.length]. */
  values: Float32Array | Float64Array;
}

/** A table of named columns with row names (obs-like). */
export interface CsvFrame {
  rowNames: readonly string[];
  columns: Record<string, AnnotationColumn | Float32Array>;
}

/** Options of {@link writeCsv}. */
export interface WriteCsvOptions {
  /** Field delimiter (default: tab for .tsv/.txt/.tab, comma otherwise). */
  delimiter?: string;
  /** The header's corner cell, above the row names (default ''). */
  indexLabel?: string;
}

/**
 * Writes a table as CSV/TSV with a header and row names — readable by pandas
 * (`pd.read_csv(path, index_col=0)`) and by R's `read.csv(row.names = 1)`. Float32 values are
 * written with the fewest digits that read back to the same float32; NaN as empty. Gzipped when
 * the path ends in `.gz`. Atomic (temp file, then rename).
 */
export async function writeCsv(path: string, table: CsvMatrix | CsvFrame, options: WriteCsvOptions = {}): Promise<void> {
  const delimiter = options.delimiter ?? delimiterFor(basename(path));
  const cols = 'values' in table ? table.colNames : Object.keys(table.columns);
  const n = table.rowNames.length;
  const cell = cellReader(table, n, cols.length);
  const q = (s: string): string => quoteField(s, delimiter);
  function* lines(): Generator<string> {
    yield [options.indexLabel ?? '', ...cols].map(q).join(delimiter) + '\n';
    let chunk = '';
    for (let r = 0; r < n; r++) {
      let line = q(table.rowNames[r]);
      for (let j = 0; j < cols.length; j++) line += delimiter + cell(r, j, q);
      chunk += line + '\n';
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await writeFileAtomically(path, async (tmp) => {
    const out = createWriteStream(tmp);
    if (/\.gz$/i.test(path)) await pipeline(Readable.from(lines()), createGzip(), out);
    else await pipeline(Readable.from(lines()), out);
  });
}

type CellFormatter = (r: number, j: number, quote: (s: string) => string) => string;

function cellReader(table: CsvMatrix | CsvFrame, n: number, nCols: number): CellFormatter {
  if ('values' in table) {
    if (table.values.length !== n * nCols) {
      throw new ConfigError(`writeCsv: ${table.values.length} values for ${n} rows × ${nCols} columns`);
    }
    const f32 = table.values instanceof Float32Array;
    return (r, j) => formatNumber(table.values[r * nCols + j], f32);
  }
  const columns = Object.values(table.columns);
  columns.forEach((col, j) => {
    if (col.length !== n) throw new ConfigError(`writeCsv: column "${Object.keys(table.columns)[j]}" has ${col.length} values for ${n} rows`);
  });
  return (r, j, quote) => {
    const col = columns[j];
    return Array.isArray(col) ? quote(col[r]) : formatNumber(col[r], col instanceof Float32Array);
  };
}

/** Shortest decimal text that parses back to the same value (float32-aware); NaN → ''. */
export function formatNumber(v: number, float32: boolean): string {
  if (Number.isNaN(v)) return '';
  if (!float32 || !Number.isFinite(v) || Number.isInteger(v)) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}
