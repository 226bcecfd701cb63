/**
 * Row-wise concatenation of CountMatrices that share their genes (same names, same order): the
 * CSR arrays are stacked, obs names and the string/number obs columns they all have are joined.
 */
import { CsrMatrix, allocIndptr } from '@vaekit/omics';

/** Stacks the cells of `parts` (each `{ X, obs, var }` with identical var.names). */
export function concatCells(parts) {
  const genes = parts[0].var.names;
  for (const p of parts) {
    if (p.var.names.length !== genes.length || p.var.names.some((g, j) => g !== genes[j])) {
      throw new Error('concatCells: the parts must have the same genes in the same order (align them first)');
    }
  }
  const nRows = parts.reduce((s, p) => s + p.X.nRows, 0);
  const nnz = parts.reduce((s, p) => s + p.X.nnz, 0);
  const indptr = allocIndptr(nRows, nnz);
  const indices = new Int32Array(nnz);
  const data = new Float32Array(nnz);
  let row = 0;
  let at = 0;
  for (const { X } of parts) {
    for (let r = 0; r < X.nRows; r++) indptr[row + r + 1] = at + X.indptr[r + 1];
    indices.set(X.indices, at);
    data.set(X.data, at);
    row += X.nRows;
    at += X.nnz;
  }
  const shared = Object.keys(parts[0].obs.columns).filter((c) => parts.every((p) => c in p.obs.columns && Array.isArray(p.obs.columns[c]) === Array.isArray(parts[0].obs.columns[c])));
  const columns = {};
  for (const c of shared) {
    const cols = parts.map((p) => p.obs.columns[c]);
    columns[c] = Array.isArray(cols[0]) ? cols.flat() : Float64Array.from(cols.flatMap((col) => Array.from(col)));
  }
  return {
    X: new CsrMatrix(nRows, genes.length, indptr, indices, data),
    obs: { names: parts.flatMap((p) => p.obs.names), columns },
    var: { names: [...genes], columns: {} },
  };
}
