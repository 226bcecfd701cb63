import { describe, expect, it } from 'vitest';
import { InputError } from '@vaekit/core';
import { CsrMatrix } from '../../src/matrix/csr-matrix.js';
import { makeUnique } from '../../src/matrix/make-unique.js';
import { columnStats, rowNonZeros, rowSums } from '../../src/matrix/stats.js';
import { expectation, toRows } from '../io/fixtures.js';

/** scipy / numpy / anndata results for one random matrix (make_fixtures.py, section 9). */
interface Ops {
  shape: [number, number];
  coo: { rows: number[]; cols: number[]; vals: number[] };
  csr: { indptr: number[]; indices: number[]; data: number[] };
  dense: number[][];
  transpose_csr: { indptr: number[]; indices: number[] };
  row_sums: number[];
  col_mean: number[];
  col_var_ddof1: number[];
  col_var_ddof0: number[];
  col_nonzeros: number[];
  select_cols: number[];
  selected: number[][];
  slice_rows: number[];
  sliced: number[][];
  make_unique_in: string[];
  make_unique_out: string[];
}

const ops = await expectation<Ops>('matrix_ops');
const [n, g] = ops.shape;
const m = CsrMatrix.fromCoo(n, g, ops.coo.rows, ops.coo.cols, ops.coo.vals);

describe('CsrMatrix against scipy.sparse', () => {
  it('fromCoo sums duplicates and sorts columns exactly as coo_matrix.tocsr()', () => {
    expect(ops.coo.rows.length).toBeGreaterThan(m.nnz); // the fixture does have duplicates
    expect(Array.from(m.indptr)).toEqual(ops.csr.indptr);
    expect(Array.from(m.indices)).toEqual(ops.csr.indices);
    expect(Array.from(m.data)).toEqual(ops.csr.data);
    expect(toRows(m.toDense(), g)).toEqual(ops.dense);
  });

  it('fromDense gives the same matrix', () => {
    const d = CsrMatrix.fromDense(ops.dense.flat(), n, g);
    expect([Array.from(d.indptr), Array.from(d.indices), Array.from(d.data)]).toEqual([ops.csr.indptr, ops.csr.indices, ops.csr.data]);
  });

  it('transpose matches csr.T.tocsr(), and twice is the identity', () => {
    const t = m.transpose();
    expect([t.nRows, t.nCols]).toEqual([g, n]);
    expect(Array.from(t.indptr)).toEqual(ops.transpose_csr.indptr);
    expect(Array.from(t.indices)).toEqual(ops.transpose_csr.indices);
    expect(toRows(t.transpose().toDense(), g)).toEqual(ops.dense);
  });

  it('sliceRows and densifyRows pick rows in the given order, repeats included', () => {
    expect(toRows(m.sliceRows(ops.slice_rows).toDense(), g)).toEqual(ops.sliced);
    expect(toRows(m.densifyRows(ops.slice_rows), g)).toEqual(ops.sliced);
    const out = new Float32Array(ops.slice_rows.length * g).fill(9);
    expect(m.densifyRows(ops.slice_rows, out)).toBe(out);
    expect(toRows(out, g)).toEqual(ops.sliced);
  });

  it('selectColumns reorders, repeats, and gives zeros for −1', () => {
    const s = m.selectColumns(ops.select_cols);
    expect(toRows(s.toDense(), ops.select_cols.length)).toEqual(ops.selected);
    const noRepeat = m.selectColumns([8, 0, -1]);
    expect(toRows(noRepeat.toDense(), 3)).toEqual(ops.dense.map((r) => [r[8], r[0], 0]));
    for (let r = 0; r < noRepeat.nRows; r++) {
      const cols = Array.from(noRepeat.indices.subarray(noRepeat.indptr[r], noRepeat.indptr[r + 1]));
      expect(cols).toEqual([...cols].sort((a, b) => a - b));
    }
  });

  it('row sums and sparse column mean / variance match numpy', () => {
    expect(Array.from(rowSums(m))).toEqual(ops.row_sums);
    expect(Array.from(rowNonZeros(m))).toEqual(ops.dense.map((r) => r.filter((v) => v !== 0).length));
    const s1 = columnStats(m);
    const s0 = columnStats(m, { ddof: 0 });
    for (let j = 0; j < g; j++) {
      expect(s1.mean[j]).toBeCloseTo(ops.col_mean[j], 12);
      expect(s1.variance[j]).toBeCloseTo(ops.col_var_ddof1[j], 12);
      expect(s0.variance[j]).toBeCloseTo(ops.col_var_ddof0[j], 12);
    }
    expect(Array.from(s1.nonZeros)).toEqual(ops.col_nonzeros);
  });

  it('rejects malformed structure with an InputError', () => {
    expect(() => new CsrMatrix(2, 2, new Int32Array([0, 2, 1]), new Int32Array([0]), new Float32Array([1]))).toThrow(InputError);
    expect(() => new CsrMatrix(1, 2, new Int32Array([0, 1]), new Int32Array([2]), new Float32Array([1]))).toThrow(/column index 2 at position 0 is out of range/);
    expect(() => CsrMatrix.fromCoo(2, 2, [0], [2], [1])).toThrow(/outside the 2 × 2 matrix/);
    expect(() => m.densifyRows([n])).toThrow(/row index 7 is out of range/);
  });

  it('unsorted rows with duplicates (as some writers leave them) still densify correctly', () => {
    const u = new CsrMatrix(1, 3, new Int32Array([0, 3]), new Int32Array([2, 0, 2]), new Float32Array([1, 5, 2]));
    expect(Array.from(u.toDense())).toEqual([5, 0, 3]);
    expect(u.get(0, 2)).toBe(3);
    expect(Array.from(u.transpose().toDense())).toEqual([5, 0, 3]);
  });
});

describe('makeUnique', () => {
  it("matches anndata's make_index_unique (scanpy var_names_make_unique), collisions included", () => {
    expect(makeUnique(ops.make_unique_in)).toEqual(ops.make_unique_out);
    expect(makeUnique(['a', 'b'])).toEqual(['a', 'b']);
  });
});
