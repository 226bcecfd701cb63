import { InputError } from '@vaekit/core/errors';

/**
 * Column names of a table from its header and first data row: R's `write.csv` omits the corner
 * cell (the header has one field fewer than the rows), pandas and most tools write it (same
 * count). Anything else is an InputError naming the file.
 */
export function columnNames(path: string, header: string[], firstRow: string[]): string[] {
  if (header.length === firstRow.length - 1) return header;
  if (header.length === firstRow.length) return header.slice(1);
  throw new InputError(
    `${path}: the header has ${header.length} fields but the first data row has ${firstRow.length}`,
    'expected a header of column names (with or without a leading corner cell) and rows of "name, values…"; check the delimiter option',
  );
}
