import { InputError } from '@vaekit/core';
import type { Annotations } from '../matrix/count-matrix.js';

/** Cells grouped by one obs column: a code per cell into `levels`, and the size of each group. */
export interface CellGroups {
  column: string;
  /** Level names, sorted as numpy's `np.unique` sorts them (numbers numerically, strings by code point). */
  levels: string[];
  codes: Int32Array;
  sizes: Int32Array;
}

/**
 * Groups cells by the obs column `column` (a batch key). A missing value ('' or NaN) or an
 * unknown column is an InputError naming the cell or listing the columns.
 */
export function groupCells(obs: Annotations, column: string): CellGroups {
  const values = obs.columns[column];
  if (!values) {
    throw new InputError(`obs has no column "${column}"`, `obs columns: ${Object.keys(obs.columns).join(', ') || '(none)'}`);
  }
  const n = values.length;
  const keys: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === '' || (typeof v === 'number' && Number.isNaN(v))) {
      throw new InputError(`"${column}" of cell "${obs.names[i]}" (row ${i}) is missing`, 'fill it in or remove those cells first');
    }
    keys[i] = String(v);
  }
  let levels = [...new Set(keys)];
  if (Array.isArray(values)) levels.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  else levels = levels.map(Number).sort((a, b) => a - b).map(String);
  const index = new Map(levels.map((l, i) => [l, i]));
  const codes = new Int32Array(n);
  const sizes = new Int32Array(levels.length);
  for (let i = 0; i < n; i++) {
    codes[i] = index.get(keys[i]) ?? -1;
    sizes[codes[i]]++;
  }
  return { column, levels, codes, sizes };
}
