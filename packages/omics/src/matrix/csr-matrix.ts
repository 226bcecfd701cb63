import { InputError } from '@vaekit/core/errors';

/** Row pointers: Int32Array unless the matrix has more than 2^31 − 1 non-zeros. */
export type Indptr = Int32Array | Float64Array;

const INT32_MAX = 2 ** 31 - 1;

/** Allocates row pointers for `nRows` rows and `nnz` stored values (Float64Array only past int32). */
export function allocIndptr(nRows: number, nnz: number): Indptr {
  return nnz > INT32_MAX ? new Float64Array(nRows + 1) : new Int32Array(nRows + 1);
}

/**
 * A compressed-sparse-row matrix of float32 values (cells × genes for count data), laid out as
 * scipy's `csr_matrix`: row r holds `data[indptr[r] .. indptr[r + 1])` at columns `indices[…]`.
 * Column indices within a row are usually sorted and unique (everything built here is); rows that
 * are not are still read correctly (duplicates add up when densified).
 * Immutable by convention: every operation returns a new matrix.
 */
export class CsrMatrix {
  /**
   * Wraps existing arrays after checking their structure (lengths, monotone row pointers, column
   * indices in range); throws an InputError naming what is inconsistent.
   */
  constructor(
    readonly nRows: number,
    readonly nCols: number,
    readonly indptr: Indptr,
    readonly indices: Int32Array,
    readonly data: Float32Array,
    options: { check?: boolean } = {},
  ) {
    if (options.check !== false) checkStructure(this);
  }

  /** Number of stored values. */
  get nnz(): number {
    return this.indices.length;
  }

  /**
   * Builds a matrix from coordinate triplets (0-based). Duplicate (row, col) pairs are summed, as
   * scipy's `coo_matrix(...).tocsr()` does; column indices come out sorted within each row.
   */
  static fromCoo(nRows: number, nCols: number, rows: ArrayLike<number>, cols: ArrayLike<number>, vals: ArrayLike<number>): CsrMatrix {
    const n = rows.length;
    if (cols.length !== n || vals.length !== n) {
      throw new InputError(`CsrMatrix.fromCoo: rows, cols and vals have different lengths (${n}, ${cols.length}, ${vals.length})`);
    }
    checkDims(nRows, nCols);
    const counts = new Float64Array(nRows + 1);
    for (let k = 0; k < n; k++) {
      const r = rows[k];
      const c = cols[k];
      if (!(r >= 0 && r < nRows && Number.isInteger(r)) || !(c >= 0 && c < nCols && Number.isInteger(c))) {
        throw new InputError(`CsrMatrix.fromCoo: entry ${k} at (${r}, ${c}) is outside the ${nRows} × ${nCols} matrix`);
      }
      counts[r + 1]++;
    }
    const indptr = allocIndptr(nRows, n);
    for (let r = 0; r < nRows; r++) indptr[r + 1] = indptr[r] + counts[r + 1];
    const next = Float64Array.from(indptr.subarray(0, nRows));
    const indices = new Int32Array(n);
    const data = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      const p = next[rows[k]]++;
      indices[p] = cols[k];
      data[p] = vals[k];
    }
    return canonicalize(nRows, nCols, indptr, indices, data);
  }

  /** Builds a matrix from a dense row-major array, storing the values that are not 0 (NaN is stored). */
  static fromDense(values: ArrayLike<number>, nRows: number, nCols: number): CsrMatrix {
    checkDims(nRows, nCols);
    if (values.length !== nRows * nCols) {
      throw new InputError(`CsrMatrix.fromDense: ${values.length} values for a ${nRows} × ${nCols} matrix`);
    }
    let nnz = 0;
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) nnz++;
    const indptr = allocIndptr(nRows, nnz);
    const indices = new Int32Array(nnz);
    const data = new Float32Array(nnz);
    let p = 0;
    for (let r = 0; r < nRows; r++) {
      const base = r * nCols;
      for (let c = 0; c < nCols; c++) {
        const v = values[base + c];
        if (v !== 0) {
          indices[p] = c;
          data[p++] = v;
        }
      }
      indptr[r + 1] = p;
    }
    return new CsrMatrix(nRows, nCols, indptr, indices, data, { check: false });
  }

  /** An all-zero matrix. */
  static zeros(nRows: number, nCols: number): CsrMatrix {
    checkDims(nRows, nCols);
    return new CsrMatrix(nRows, nCols, new Int32Array(nRows + 1), new Int32Array(0), new Float32Array(0), { check: false });
  }

  /** The transpose, in O(nnz) (also how a CSC matrix becomes CSR: its arrays are the CSR of the transpose). */
  transpose(): CsrMatrix {
    const { nRows, nCols, indptr, indices, data } = this;
    const nnz = indices.length;
    const outPtr = allocIndptr(nCols, nnz);
    for (let k = 0; k < nnz; k++) outPtr[indices[k] + 1]++;
    for (let c = 0; c < nCols; c++) outPtr[c + 1] += outPtr[c];
    const next = Float64Array.from(outPtr.subarray(0, nCols));
    const outIdx = new Int32Array(nnz);
    const outData = new Float32Array(nnz);
    for (let r = 0; r < nRows; r++) {
      for (let k = indptr[r]; k < indptr[r + 1]; k++) {
        const p = next[indices[k]]++;
        outIdx[p] = r;
        outData[p] = data[k];
      }
    }
    return new CsrMatrix(nCols, nRows, outPtr, outIdx, outData, { check: false });
  }

  /** The rows at `rows`, in that order (repeats allowed). */
  sliceRows(rows: ArrayLike<number>): CsrMatrix {
    let nnz = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = this.checkRow(rows[i]);
      nnz += this.indptr[r + 1] - this.indptr[r];
    }
    const indptr = allocIndptr(rows.length, nnz);
    const indices = new Int32Array(nnz);
    const data = new Float32Array(nnz);
    let p = 0;
    for (let i = 0; i < rows.length; i++) {
      const start = this.indptr[rows[i]];
      const end = this.indptr[rows[i] + 1];
      indices.set(this.indices.subarray(start, end), p);
      data.set(this.data.subarray(start, end), p);
      p += end - start;
      indptr[i + 1] = p;
    }
    return new CsrMatrix(rows.length, this.nCols, indptr, indices, data, { check: false });
  }

  /**
   * Dense row-major [rows.length, nCols] float32 values of the given rows (into `out` when given).
   * This is the only place counts become dense: a mini-batch at a time.
   */
  densifyRows(rows: ArrayLike<number>, out?: Float32Array): Float32Array {
    const nCols = this.nCols;
    const size = rows.length * nCols;
    if (out && out.length !== size) throw new InputError(`densifyRows: out has ${out.length} values, expected ${size}`);
    const dense = out ? (out.fill(0), out) : new Float32Array(size);
    for (let i = 0; i < rows.length; i++) {
      const r = this.checkRow(rows[i]);
      const base = i * nCols;
      for (let k = this.indptr[r]; k < this.indptr[r + 1]; k++) dense[base + this.indices[k]] += this.data[k];
    }
    return dense;
  }

  /** The whole matrix as dense row-major float32 (small matrices and tests only). */
  toDense(): Float32Array {
    const rows = new Int32Array(this.nRows);
    for (let r = 0; r < this.nRows; r++) rows[r] = r;
    return this.densifyRows(rows);
  }

  /**
   * Column subset / reorder: output column j is input column `cols[j]`, or all zeros where
   * `cols[j]` is −1 (a gene the data lacks, when matching a model's gene list). Repeats allowed.
   */
  selectColumns(cols: ArrayLike<number>): CsrMatrix {
    const map = new Int32Array(this.nCols).fill(-1);
    let repeated = false;
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      if (c === -1) continue;
      if (!Number.isInteger(c) || c < 0 || c >= this.nCols) {
        throw new InputError(`selectColumns: column index ${c} is out of range [0, ${this.nCols}) (use -1 for a missing column)`);
      }
      if (map[c] !== -1) repeated = true;
      map[c] = j;
    }
    if (repeated) return this.transpose().sliceRowsAllowMissing(cols).transpose();
    let nnz = 0;
    for (let k = 0; k < this.indices.length; k++) if (map[this.indices[k]] !== -1) nnz++;
    const indptr = allocIndptr(this.nRows, nnz);
    const indices = new Int32Array(nnz);
    const data = new Float32Array(nnz);
    let p = 0;
    for (let r = 0; r < this.nRows; r++) {
      const start = p;
      for (let k = this.indptr[r]; k < this.indptr[r + 1]; k++) {
        const j = map[this.indices[k]];
        if (j !== -1) {
          indices[p] = j;
          data[p++] = this.data[k];
        }
      }
      sortRow(indices, data, start, p);
      indptr[r + 1] = p;
    }
    return new CsrMatrix(this.nRows, cols.length, indptr, indices, data, { check: false });
  }

  /** Value at (row, col); sums duplicates. */
  get(row: number, col: number): number {
    const r = this.checkRow(row);
    let v = 0;
    for (let k = this.indptr[r]; k < this.indptr[r + 1]; k++) if (this.indices[k] === col) v += this.data[k];
    return v;
  }

  /** Like sliceRows, but −1 gives an empty row. */
  private sliceRowsAllowMissing(rows: ArrayLike<number>): CsrMatrix {
    const present: number[] = [];
    for (let i = 0; i < rows.length; i++) if (rows[i] !== -1) present.push(rows[i]);
    const sub = this.sliceRows(present);
    const indptr = allocIndptr(rows.length, sub.nnz);
    let src = 0;
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] !== -1) src++;
      indptr[i + 1] = sub.indptr[src];
    }
    return new CsrMatrix(rows.length, this.nCols, indptr, sub.indices, sub.data, { check: false });
  }

  private checkRow(r: number): number {
    if (!Number.isInteger(r) || r < 0 || r >= this.nRows) {
      throw new InputError(`CsrMatrix: row index ${r} is out of range [0, ${this.nRows})`);
    }
    return r;
  }
}

function checkDims(nRows: number, nCols: number): void {
  if (!Number.isInteger(nRows) || nRows < 0 || !Number.isInteger(nCols) || nCols < 0) {
    throw new InputError(`CsrMatrix: invalid shape ${nRows} × ${nCols}`);
  }
}

function checkStructure(m: CsrMatrix): void {
  const { nRows, nCols, indptr, indices, data } = m;
  checkDims(nRows, nCols);
  const what = `CSR matrix ${nRows} × ${nCols}`;
  if (indptr.length !== nRows + 1) throw new InputError(`${what}: indptr has ${indptr.length} entries, expected ${nRows + 1}`);
  if (indices.length !== data.length) {
    throw new InputError(`${what}: indices (${indices.length}) and data (${data.length}) have different lengths`);
  }
  if (indptr[0] !== 0 || indptr[nRows] !== indices.length) {
    throw new InputError(`${what}: indptr must start at 0 and end at nnz = ${indices.length} (got ${indptr[0]} … ${indptr[nRows]})`);
  }
  for (let r = 0; r < nRows; r++) {
    if (indptr[r + 1] < indptr[r]) throw new InputError(`${what}: indptr decreases at row ${r}`);
  }
  for (let k = 0; k < indices.length; k++) {
    const c = indices[k];
    if (c < 0 || c >= nCols) throw new InputError(`${what}: column index ${c} at position ${k} is out of range [0, ${nCols})`);
  }
}

/** Sorts each row's columns and sums duplicates (no-op on rows that are already canonical). */
function canonicalize(nRows: number, nCols: number, indptr: Indptr, indices: Int32Array, data: Float32Array): CsrMatrix {
  let duplicates = false;
  for (let r = 0; r < nRows; r++) {
    const start = indptr[r];
    const end = indptr[r + 1];
    sortRow(indices, data, start, end);
    for (let k = start + 1; k < end; k++) if (indices[k] === indices[k - 1]) duplicates = true;
  }
  if (!duplicates) return new CsrMatrix(nRows, nCols, indptr, indices, data, { check: false });
  const outPtr = allocIndptr(nRows, indices.length);
  let p = 0;
  for (let r = 0; r < nRows; r++) {
    for (let k = indptr[r]; k < indptr[r + 1]; k++) {
      if (k > indptr[r] && indices[k] === indices[p - 1]) data[p - 1] += data[k];
      else {
        indices[p] = indices[k];
        data[p++] = data[k];
      }
    }
    outPtr[r + 1] = p;
  }
  return new CsrMatrix(nRows, nCols, outPtr, indices.slice(0, p), data.slice(0, p), { check: false });
}

/** Sorts indices[start, end) ascending, carrying data along; linear when already sorted. */
function sortRow(indices: Int32Array, data: Float32Array, start: number, end: number): void {
  let sorted = true;
  for (let k = start + 1; k < end; k++) {
    if (indices[k] < indices[k - 1]) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  const order = Array.from({ length: end - start }, (_, i) => start + i).sort((a, b) => indices[a] - indices[b]);
  const idx = order.map((k) => indices[k]);
  const val = order.map((k) => data[k]);
  indices.set(idx, start);
  data.set(val, start);
}
