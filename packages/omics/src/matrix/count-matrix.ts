import { InputError } from '@vaekit/core/errors';
import type { CsrMatrix } from './csr-matrix.js';

/**
 * One annotation column: strings (categoricals are decoded to their labels; a missing categorical
 * value is '') or numbers (integers, floats and booleans as 0/1; missing is NaN).
 */
export type AnnotationColumn = string[] | Float64Array;

/** A per-cell (obs) or per-gene (var) table: row names plus named columns of the same length. */
export interface Annotations {
  names: string[];
  columns: Record<string, AnnotationColumn>;
}

/** A dense row-major float32 matrix [nRows, nCols] (embeddings such as obsm['X_pca']). */
export interface DenseMatrix {
  data: Float32Array;
  nRows: number;
  nCols: number;
}

/**
 * What every reader returns, modelled on AnnData: `X` is cells × genes raw counts (sparse CSR),
 * `obs` the cells (barcodes) with their metadata, `var` the genes with theirs (`gene_ids`,
 * `feature_types`, … as scanpy names them). `layers` holds further cells × genes matrices,
 * `obsm` per-cell embeddings. `source` is the file or folder it was read from.
 */
export interface CountMatrix {
  X: CsrMatrix;
  obs: Annotations;
  var: Annotations;
  layers?: Record<string, CsrMatrix>;
  obsm?: Record<string, DenseMatrix>;
  source?: string;
}

/** Throws an InputError if names, columns, layers or obsm do not match X's shape. */
export function checkCountMatrix(m: CountMatrix): void {
  const where = m.source ? `${m.source}: ` : '';
  const { nRows, nCols } = m.X;
  checkAnnotations(m.obs, nRows, `${where}obs (cells)`);
  checkAnnotations(m.var, nCols, `${where}var (genes)`);
  for (const [name, layer] of Object.entries(m.layers ?? {})) {
    if (layer.nRows !== nRows || layer.nCols !== nCols) {
      throw new InputError(`${where}layer "${name}" is ${layer.nRows} × ${layer.nCols}, X is ${nRows} × ${nCols}`);
    }
  }
  for (const [name, emb] of Object.entries(m.obsm ?? {})) {
    if (emb.nRows !== nRows || emb.data.length !== emb.nRows * emb.nCols) {
      throw new InputError(`${where}obsm "${name}" has ${emb.nRows} rows × ${emb.nCols} (${emb.data.length} values); X has ${nRows} cells`);
    }
  }
}

function checkAnnotations(a: Annotations, n: number, what: string): void {
  if (a.names.length !== n) throw new InputError(`${what}: ${a.names.length} names for ${n} rows of the matrix`);
  for (const [name, col] of Object.entries(a.columns)) {
    if (col.length !== n) throw new InputError(`${what}: column "${name}" has ${col.length} values for ${n} rows`);
  }
}

/** Rows `rows` of an annotation table (names and every column), in that order. */
export function takeAnnotations(a: Annotations, rows: ArrayLike<number>): Annotations {
  const pick = Array.from(rows);
  const columns: Record<string, AnnotationColumn> = {};
  for (const [name, col] of Object.entries(a.columns)) {
    columns[name] = Array.isArray(col) ? pick.map((r) => col[r]) : Float64Array.from(pick, (r) => col[r]);
  }
  return { names: pick.map((r) => a.names[r]), columns };
}

/**
 * A subset of cells and/or genes (indices, in the order given), with obs/var/layers/obsm cut to
 * match. Genes are selected sparsely (no densifying).
 */
export function subsetCounts(m: CountMatrix, select: { cells?: ArrayLike<number>; genes?: ArrayLike<number> }): CountMatrix {
  let X = m.X;
  let obs = m.obs;
  let vars = m.var;
  let layers = m.layers;
  let obsm = m.obsm;
  if (select.cells) {
    const cells = select.cells;
    X = X.sliceRows(cells);
    obs = takeAnnotations(obs, cells);
    layers = layers && Object.fromEntries(Object.entries(layers).map(([k, l]) => [k, l.sliceRows(cells)]));
    obsm = obsm && Object.fromEntries(Object.entries(obsm).map(([k, e]) => [k, takeDenseRows(e, cells)]));
  }
  if (select.genes) {
    const genes = select.genes;
    for (let j = 0; j < genes.length; j++) {
      if (!Number.isInteger(genes[j]) || genes[j] < 0 || genes[j] >= X.nCols) {
        throw new InputError(`subsetCounts: gene index ${genes[j]} is out of range [0, ${X.nCols})`);
      }
    }
    X = X.selectColumns(genes);
    vars = takeAnnotations(vars, genes);
    layers = layers && Object.fromEntries(Object.entries(layers).map(([k, l]) => [k, l.selectColumns(genes)]));
  }
  const out: CountMatrix = { X, obs, var: vars };
  if (layers) out.layers = layers;
  if (obsm) out.obsm = obsm;
  if (m.source !== undefined) out.source = m.source;
  return out;
}

function takeDenseRows(e: DenseMatrix, rows: ArrayLike<number>): DenseMatrix {
  const data = new Float32Array(rows.length * e.nCols);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!Number.isInteger(r) || r < 0 || r >= e.nRows) throw new InputError(`subsetCounts: cell index ${r} is out of range [0, ${e.nRows})`);
    data.set(e.data.subarray(r * e.nCols, (r + 1) * e.nCols), i * e.nCols);
  }
  return { data, nRows: rows.length, nCols: e.nCols };
}
