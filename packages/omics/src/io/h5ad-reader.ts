import h5wasm from 'h5wasm/node';
import { InputError } from '@vaekit/core/errors';
import type { CountMatrix, DenseMatrix } from '../matrix/count-matrix.js';
import type { CsrMatrix } from '../matrix/csr-matrix.js';
import { finishCounts } from './finish-counts.js';
import { withH5File } from './h5/h5-file.js';
import { child, childGroup } from './h5/h5-read.js';
import { readFrame } from './h5ad/read-frame.js';
import { readDenseElement, readMatrixElement } from './h5ad/read-matrix.js';
import type { CountReader, ReadCountsOptions } from './reader.js';

/**
 * Reads an AnnData `.h5ad` file through h5wasm: X (dense, CSR or CSC) — or `layers/<layer>`, or
 * `raw/X` with `raw/var` — as cells × genes CSR, obs and var dataframes, the dense obsm
 * embeddings, and any extra `layers` asked for. Counts are validated unless `validate: false`;
 * when X holds normalised values the error says which layers the file has.
 */
export async function readH5ad(path: string, options: ReadCountsOptions = {}): Promise<CountMatrix> {
  let hint = '';
  const counts = await withH5File(
    path,
    'r',
    (f) => {
      const layersGroup = childGroup(f, 'layers');
      const layerNames = layersGroup ? layersGroup.keys() : [];
      const raw = childGroup(f, 'raw');
      const alternatives = [
        ...layerNames.map((l) => `{ layer: '${l}' }`),
        ...(raw && raw.keys().includes('X') ? ['{ raw: true }'] : []),
      ];
      hint = alternatives.length
        ? `this file also has ${alternatives.join(', ')}; pass the one that holds raw counts`
        : 'this file seems to hold no raw counts (no layers, no raw/X); read the raw data it was made from';
      let X: CsrMatrix;
      let varParent = f as typeof f | NonNullable<typeof raw>;
      let what: string;
      if (options.layer !== undefined) {
        const layer = layersGroup ? child(layersGroup, options.layer) : undefined;
        if (!layer) {
          throw new InputError(`${path} has no layer "${options.layer}"`, `its layers: ${layerNames.join(', ') || '(none)'}`);
        }
        what = `layers/${options.layer}`;
        X = readMatrixElement(path, layer, what);
      } else if (options.raw) {
        const rawX = raw ? child(raw, 'X') : undefined;
        if (!raw || !rawX) throw new InputError(`${path} has no raw/X`, 'read X or a layer instead');
        what = 'raw/X';
        X = readMatrixElement(path, rawX, what);
        varParent = raw;
      } else {
        const x = child(f, 'X');
        if (!x) {
          throw new InputError(
            `${path} has no X matrix`,
            alternatives.length ? `it has ${alternatives.join(', ')}: pass one of these` : 'write the AnnData with its count matrix (adata.X) set',
          );
        }
        what = 'X';
        X = readMatrixElement(path, x, what);
      }
      const obs = readFrame(path, f, 'obs');
      const vars = readFrame(path, varParent, 'var');
      const out: CountMatrix = { X, obs, var: vars, source: path };
      for (const name of options.layers ?? []) {
        const layer = layersGroup ? child(layersGroup, name) : undefined;
        if (!layer) throw new InputError(`${path} has no layer "${name}"`, `its layers: ${layerNames.join(', ') || '(none)'}`);
        (out.layers ??= {})[name] = readMatrixElement(path, layer, `layers/${name}`);
      }
      const obsmGroup = childGroup(f, 'obsm');
      if (obsmGroup) {
        const obsm: Record<string, DenseMatrix> = {};
        for (const key of obsmGroup.keys()) {
          const e = obsmGroup.get(key);
          const dense = e instanceof h5wasm.Dataset ? readDenseElement(path, e) : undefined;
          if (dense) obsm[key] = dense;
        }
        if (Object.keys(obsm).length) out.obsm = obsm;
      }
      if (X.nRows !== obs.names.length || X.nCols !== vars.names.length) {
        throw new InputError(
          `${path}: ${what} is ${X.nRows} × ${X.nCols} but obs has ${obs.names.length} cells and ${options.raw ? 'raw/var' : 'var'} ${vars.names.length} genes`,
          'the file is inconsistent; write it again with anndata',
        );
      }
      return out;
    },
    'an .h5ad (AnnData HDF5) file',
  );
  return finishCounts(counts, options, { hint: `${options.layer ?? (options.raw ? 'raw/X' : 'X')} does not hold raw counts — ${hint}` });
}

/** The AnnData reader: claims `*.h5ad` files. */
export const h5adReader: CountReader = {
  kind: 'h5ad',
  description: 'AnnData .h5ad (X dense/CSR/CSC, obs/var dataframes, layers, obsm)',
  canRead: (info) => !info.isDirectory && info.name.endsWith('.h5ad'),
  read: (path, options) => readH5ad(path, options),
};
