import { InputError } from '@vaekit/core/errors';
import type { AnnotationColumn, Annotations, CountMatrix } from '../matrix/count-matrix.js';

/**
 * Adds a metadata table's columns to `counts.obs`, matching its row names to the cell names
 * (barcodes). Cells the table lacks get '' (strings) or NaN (numbers); `required: true` makes
 * that an error instead. No match at all is an InputError (the wrong key or a prefix mismatch).
 */
export function joinObs(counts: CountMatrix, table: Annotations, options: { columns?: readonly string[]; required?: boolean } = {}): CountMatrix {
  const rowOf = new Map(table.names.map((n, i) => [n, i]));
  const rows = counts.obs.names.map((n) => rowOf.get(n) ?? -1);
  const missing = rows.filter((r) => r < 0).length;
  if (missing === rows.length && rows.length > 0) {
    throw new InputError(
      `None of the ${rows.length} cells matches a row of the metadata table (cells like "${counts.obs.names[0]}", table rows like "${table.names[0] ?? ''}")`,
      'the table must be keyed by the same cell names (barcodes); fix prefixes/suffixes first',
    );
  }
  if (missing > 0 && options.required) {
    const first = counts.obs.names[rows.indexOf(-1)];
    throw new InputError(`${missing} cell(s) have no row in the metadata table (e.g. "${first}")`, 'filter the cells first, or drop required');
  }
  const columns: Record<string, AnnotationColumn> = { ...counts.obs.columns };
  for (const name of options.columns ?? Object.keys(table.columns)) {
    const col = table.columns[name];
    if (!col) throw new InputError(`The metadata table has no column "${name}"`, `its columns: ${Object.keys(table.columns).join(', ')}`);
    columns[name] = Array.isArray(col) ? rows.map((r) => (r < 0 ? '' : col[r])) : Float64Array.from(rows, (r) => (r < 0 ? NaN : col[r]));
  }
  return { ...counts, obs: { names: counts.obs.names, columns } };
}
