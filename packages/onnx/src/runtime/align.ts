import { ConfigError, InputError } from '@vaekit/core/errors';
import type { Matrix } from './matrix.js';

export interface AlignOptions {
  /** Smallest fraction of the model's features that must be found (default 0.5, as @vaekit/omics' alignGenes). */
  minOverlap?: number;
  warn?: (message: string) => void;
}

/**
 * Puts the columns of `x` (named `names`) in the model's feature order: matched by exact name,
 * model features that `x` lacks zero-filled (with a warning naming the first 20), columns the model
 * does not use dropped. Fewer than `minOverlap` of the model's features found is an InputError.
 */
export function alignColumns(modelNames: readonly string[], names: readonly string[], x: Matrix, options: AlignOptions = {}): Matrix {
  const minOverlap = options.minOverlap ?? 0.5;
  if (names.length !== x.cols) throw new InputError(`${names.length} column names for a matrix of ${x.cols} columns`, 'pass one name per column of x');
  const index = new Map<string, number>();
  names.forEach((n, j) => {
    if (index.has(n)) throw new InputError(`column name "${n}" appears twice`, 'make the column names unique');
    index.set(n, j);
  });
  if (modelNames.length === 0) throw new ConfigError('the model has no feature names to align to');
  const source = modelNames.map((n) => index.get(n) ?? -1);
  const missing = modelNames.filter((_, i) => source[i] < 0);
  const found = modelNames.length - missing.length;
  if (found < minOverlap * modelNames.length) {
    throw new InputError(
      `only ${found} of the model's ${modelNames.length} features are among the ${names.length} columns (first model features: ${modelNames.slice(0, 5).join(', ')})`,
      'check that the columns are named with the same identifiers as the model (gene symbols vs Ensembl ids, case)',
    );
  }
  if (missing.length > 0) {
    const list = missing.slice(0, 20).join(', ') + (missing.length > 20 ? `, … (${missing.length - 20} more)` : '');
    (options.warn ?? ((m: string) => console.warn(m)))(`${missing.length} of the model's ${modelNames.length} features are not in the data and were filled with zeros: ${list}`);
  }
  const cols = modelNames.length;
  const data = new Float32Array(x.rows * cols);
  for (let r = 0; r < x.rows; r++) {
    for (let c = 0; c < cols; c++) if (source[c] >= 0) data[r * cols + c] = x.data[r * x.cols + source[c]];
  }
  return { data, rows: x.rows, cols };
}
