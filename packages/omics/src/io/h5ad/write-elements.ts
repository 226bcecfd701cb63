import type { Dataset, Group } from 'h5wasm/node';
import { ConfigError } from '@vaekit/core/errors';
import type { Annotations, DenseMatrix } from '../../matrix/count-matrix.js';
import type { CsrMatrix } from '../../matrix/csr-matrix.js';

/** Writers for the AnnData on-disk elements (spec: anndata.readthedocs.io, "On-disk format"). */

/** Sets `encoding-type` and `encoding-version` (UTF-8 strings, as anndata writes them). */
export function setEncoding(g: Group | Dataset, type: string, version: string): void {
  g.create_attribute('encoding-type', type, null, 'S');
  g.create_attribute('encoding-version', version, null, 'S');
}

/** An empty `dict` element (obsp, varp, varm, uns, …). */
export function writeDict(parent: Group, key: string): Group {
  const g = parent.create_group(key);
  setEncoding(g, 'dict', '0.1.0');
  return g;
}

/** A `string-array` 0.2.0 element (variable-length UTF-8). */
export function writeStringArray(parent: Group, key: string, values: readonly string[]): void {
  const ds = parent.create_dataset({ name: key, data: [...values], shape: [values.length], dtype: 'S' });
  setEncoding(ds, 'string-array', '0.2.0');
}

/** An `array` 0.2.0 element from a typed array, with an optional shape (row-major). */
export function writeArray(parent: Group, key: string, values: Float32Array | Float64Array | Int32Array, shape: number[] = [values.length]): void {
  const ds = parent.create_dataset({ name: key, data: values, shape });
  setEncoding(ds, 'array', '0.2.0');
}

/** A dense matrix as an `array` element [nRows, nCols] float32. */
export function writeDense(parent: Group, key: string, m: DenseMatrix): void {
  writeArray(parent, key, m.data, [m.nRows, m.nCols]);
}

/** A `csr_matrix` 0.1.0 group: `shape` attribute, `data` float32, `indices` int32, `indptr` int32 (int64 past 2^31). */
export function writeCsr(parent: Group, key: string, m: CsrMatrix): void {
  const g = parent.create_group(key);
  setEncoding(g, 'csr_matrix', '0.1.0');
  g.create_attribute('shape', new BigInt64Array([BigInt(m.nRows), BigInt(m.nCols)]), [2]);
  g.create_dataset({ name: 'data', data: m.data, shape: [m.data.length] });
  g.create_dataset({ name: 'indices', data: m.indices, shape: [m.indices.length] });
  const indptr = m.indptr instanceof Int32Array ? m.indptr : BigInt64Array.from(m.indptr, (v) => BigInt(v));
  g.create_dataset({ name: 'indptr', data: indptr, shape: [indptr.length] });
}

/**
 * A `dataframe` 0.2.0 group: the index as `_index` (named by the `_index` attribute), the
 * columns in `column-order`; string columns as string arrays (scanpy turns them into
 * categoricals when it needs to), numeric ones as float64 arrays.
 */
export function writeFrame(parent: Group, key: string, frame: Annotations): void {
  const names = Object.keys(frame.columns);
  for (const name of names) {
    if (name === '_index' || name.includes('/') || name === '') {
      throw new ConfigError(`Cannot write ${key} column "${name}" to .h5ad`, 'column names must be non-empty, without "/", and not "_index"');
    }
  }
  const g = parent.create_group(key);
  setEncoding(g, 'dataframe', '0.2.0');
  g.create_attribute('_index', '_index', null, 'S');
  if (names.length) g.create_attribute('column-order', names, [names.length], 'S');
  else g.create_attribute('column-order', new Float64Array(0), [0]);
  writeStringArray(g, '_index', frame.names);
  for (const name of names) {
    const col = frame.columns[name];
    if (Array.isArray(col)) writeStringArray(g, name, col);
    else writeArray(g, name, col);
  }
}
