import { InputError } from '@vaekit/core/errors';

/** A row-major float32 matrix. */
export interface Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

/** Throws InputError unless `m` is a well-formed matrix with `cols` columns (named `what`). */
export function checkMatrix(m: Matrix, what: string, cols: number, colsName: string): void {
  if (!m || !(m.data instanceof Float32Array) || !Number.isInteger(m.rows) || !Number.isInteger(m.cols)) {
    throw new InputError(`${what} must be a matrix { data: Float32Array, rows, cols }`, 'wrap row-major values as { data: new Float32Array(values), rows, cols }');
  }
  if (m.data.length !== m.rows * m.cols) throw new InputError(`${what} has ${m.data.length} values for ${m.rows} × ${m.cols}`, 'data.length must equal rows × cols');
  if (m.rows < 1) throw new InputError(`${what} has no rows`);
  if (m.cols !== cols) throw new InputError(`${what} has ${m.cols} columns, but the model expects ${cols} ${colsName}`, colsName === 'features' ? 'reorder the columns to the model\'s featureNames with alignFeatures(names, x)' : `pass ${cols} ${colsName} per row`);
}

/**
 * Throws InputError at the first value that `ok` rejects, naming its row and column and, through
 * `problem`, what is wrong with it. `ok` is a plain predicate so the scan stays fast on large batches.
 */
export function checkValues(m: Matrix, what: string, ok: (v: number) => boolean, problem: (v: number) => string, hint: string): void {
  const data = m.data;
  for (let i = 0; i < data.length; i++) {
    if (!ok(data[i])) throw new InputError(`${what}: ${problem(data[i])} (${data[i]}) at row ${Math.floor(i / m.cols)}, column ${i % m.cols}`, hint);
  }
}

/** Row sums over the columns [start, end) (all columns by default). */
export function rowSums(m: Matrix, columns: readonly [number, number] = [0, m.cols]): Float32Array {
  const out = new Float32Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    let s = 0;
    for (let c = columns[0]; c < columns[1]; c++) s += m.data[r * m.cols + c];
    out[r] = s;
  }
  return out;
}
