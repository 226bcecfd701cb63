import { basename } from 'node:path';
import { InputError } from '@vaekit/core/errors';
import type { AnnotationColumn, Annotations } from '../matrix/count-matrix.js';
import { delimiterFor, readRows } from './delimited.js';
import { isMissingToken, parseNumberText } from './parse-number.js';
import { columnNames } from './table-header.js';

/**
 * Reads a metadata table (CSV/TSV, gzip or plain; a header, then one row per cell with its name
 * first, as `write.csv` or pandas `to_csv` write them) into Annotations. A column whose every
 * non-missing value is a number becomes a Float64Array (missing → NaN); any other column stays
 * strings (missing → '').
 */
export async function readTable(path: string, options: { delimiter?: string } = {}): Promise<Annotations> {
  const rows = await readRows(path, options.delimiter ?? delimiterFor(basename(path)));
  if (rows.length < 2) throw new InputError(`${path} has no data rows`, 'expected a header line and one line per cell');
  const [header, ...body] = rows;
  const cols = columnNames(path, header, body[0]);
  body.forEach((r, i) => {
    if (r.length !== cols.length + 1) {
      throw new InputError(`${path}: data row ${i + 1} has ${r.length} fields, expected ${cols.length + 1}`, 'the file may be truncated or use another delimiter');
    }
  });
  const columns: Record<string, AnnotationColumn> = {};
  cols.forEach((name, j) => {
    const texts = body.map((r) => r[j + 1]);
    const numbers = texts.map((t) => (isMissingToken(t) ? NaN : parseNumberText(t)));
    const numeric = texts.some((t) => !isMissingToken(t)) && texts.every((t, i) => isMissingToken(t) || !Number.isNaN(numbers[i]));
    columns[name] = numeric ? Float64Array.from(numbers) : texts.map((t) => (isMissingToken(t) ? '' : t));
  });
  return { names: body.map((r) => r[0]), columns };
}
