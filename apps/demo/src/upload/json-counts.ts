import { InputError } from '@vaekit/core/errors';
import { CsrMatrix, validateCounts, type CountMatrix } from '@vaekit/omics/io';

/** A count table sent as JSON: `counts` is cells × features, `features` names its columns. */
export interface JsonCounts {
  features: string[];
  counts: number[][];
  cells?: string[];
  /** Per-cell annotations (e.g. the batch covariate, or labels to colour the map by). */
  obs?: Record<string, string[]>;
}

/**
 * Checks a JSON body's shape and turns it into a CountMatrix; any problem is an InputError naming
 * the field. With `counts` (default true) the values must be non-negative integer counts.
 */
export function jsonToCounts(body: unknown, options: { counts?: boolean } = {}): CountMatrix {
  const b = body as Partial<JsonCounts> | null;
  const hint = 'send { "features": [names…], "counts": [[cell 1 counts…], …], "cells"?: [names…], "obs"?: { column: [values…] } }';
  if (!b || typeof b !== 'object') throw new InputError('the JSON body must be an object', hint);
  if (!Array.isArray(b.features) || !b.features.every((f) => typeof f === 'string')) throw new InputError('"features" must be an array of feature names', hint);
  if (!Array.isArray(b.counts) || b.counts.length === 0) throw new InputError('"counts" must be a non-empty array of rows', hint);
  const g = b.features.length;
  const n = b.counts.length;
  const dense = new Float32Array(n * g);
  b.counts.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== g) throw new InputError(`"counts" row ${i} has ${Array.isArray(row) ? row.length : 'no'} values, expected ${g} (one per feature)`, hint);
    for (let j = 0; j < g; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`"counts"[${i}][${j}] is not a finite number`, hint);
      dense[i * g + j] = v;
    }
  });
  const cells = b.cells ?? Array.from({ length: n }, (_, i) => `cell${i + 1}`);
  if (!Array.isArray(cells) || cells.length !== n) throw new InputError(`"cells" has ${Array.isArray(cells) ? cells.length : 'no'} names for ${n} rows`, hint);
  const columns: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(b.obs ?? {})) {
    if (!Array.isArray(values) || values.length !== n) throw new InputError(`"obs"."${key}" must have one value per cell (${n})`, hint);
    columns[key] = values.map(String);
  }
  const X = CsrMatrix.fromDense(dense, n, g);
  if (options.counts ?? true) validateCounts(X, { cells: cells.map(String), genes: b.features, source: 'JSON body' });
  return { X, obs: { names: cells.map(String), columns }, var: { names: [...b.features], columns: {} }, source: 'JSON body' };
}
