import { ConfigError } from '@vaekit/core/errors';
import type { Annotations, DenseMatrix } from '../matrix/count-matrix.js';
import { CsrMatrix } from '../matrix/csr-matrix.js';
import { writeFileAtomically } from './atomic-file.js';
import { withH5File } from './h5/h5-file.js';
import { setEncoding, writeCsr, writeDense, writeDict, writeFrame } from './h5ad/write-elements.js';

/** What {@link writeH5ad} writes. A {@link CountMatrix} fits as it is. */
export interface H5adContent {
  /** Cells × genes matrix (sparse → csr_matrix, dense → array). Optional: an AnnData may have no X. */
  X?: CsrMatrix | DenseMatrix;
  obs: Annotations;
  var: Annotations;
  /** Per-cell embeddings, e.g. `{ X_vaekit: latent }`: a DenseMatrix, or a row-major Float32Array [cells, d]. */
  obsm?: Record<string, DenseMatrix | Float32Array>;
  /** Further cells × genes matrices (e.g. `counts`, denoised expression). */
  layers?: Record<string, CsrMatrix | DenseMatrix>;
}

/**
 * Writes an AnnData `.h5ad` that anndata / scanpy open (`sc.read_h5ad`), following the on-disk
 * spec: root `encoding-type: anndata` 0.1.0; X / layers as `csr_matrix` 0.1.0 or dense `array`
 * 0.2.0; obs and var as `dataframe` 0.2.0 (`_index`, `column-order`); obsm / layers / varm / obsp
 * / varp / uns as `dict` 0.1.0. The write is atomic (temp file, then rename). Shapes are checked
 * first: a ConfigError names the element that does not fit.
 */
export async function writeH5ad(path: string, content: H5adContent): Promise<void> {
  const n = content.obs.names.length;
  const g = content.var.names.length;
  const check = (what: string, rows: number, cols: number | undefined): void => {
    if (rows !== n || (cols !== undefined && cols !== g)) {
      throw new ConfigError(`writeH5ad: ${what} is ${rows} × ${cols ?? '?'}, but obs has ${n} cells and var ${g} genes`);
    }
  };
  if (content.X) check('X', content.X.nRows, content.X.nCols);
  for (const [k, m] of Object.entries(content.layers ?? {})) check(`layer "${k}"`, m.nRows, m.nCols);
  for (const frame of [content.obs, content.var]) {
    for (const [k, col] of Object.entries(frame.columns)) {
      if (col.length !== frame.names.length) throw new ConfigError(`writeH5ad: column "${k}" has ${col.length} values for ${frame.names.length} rows`);
    }
  }
  const obsm = Object.entries(content.obsm ?? {}).map(([k, e]) => [k, asDense(k, e, n)] as const);
  await writeFileAtomically(path, (tmp) =>
    withH5File(tmp, 'w', (f) => {
      setEncoding(f, 'anndata', '0.1.0');
      if (content.X) writeMatrix(f, 'X', content.X);
      writeFrame(f, 'obs', content.obs);
      writeFrame(f, 'var', content.var);
      const obsmGroup = writeDict(f, 'obsm');
      for (const [k, e] of obsm) writeDense(obsmGroup, k, e);
      const layers = writeDict(f, 'layers');
      for (const [k, m] of Object.entries(content.layers ?? {})) writeMatrix(layers, k, m);
      for (const key of ['varm', 'obsp', 'varp', 'uns']) writeDict(f, key);
    }),
  );
}

function writeMatrix(parent: Parameters<typeof writeCsr>[0], key: string, m: CsrMatrix | DenseMatrix): void {
  if (m instanceof CsrMatrix) writeCsr(parent, key, m);
  else writeDense(parent, key, m);
}

function asDense(key: string, e: DenseMatrix | Float32Array, n: number): DenseMatrix {
  if (e instanceof Float32Array) {
    if (n === 0 || e.length % n !== 0) throw new ConfigError(`writeH5ad: obsm "${key}" has ${e.length} values, not a multiple of ${n} cells`);
    return { data: e, nRows: n, nCols: e.length / n };
  }
  if (e.nRows !== n || e.data.length !== e.nRows * e.nCols) {
    throw new ConfigError(`writeH5ad: obsm "${key}" is ${e.nRows} × ${e.nCols} (${e.data.length} values), but obs has ${n} cells`);
  }
  return e;
}
