import { ConfigError } from '@vaekit/core';
import type { CountMatrix } from '../matrix/count-matrix.js';
import { CsrMatrix } from '../matrix/csr-matrix.js';

/**
 * scanpy's `pp.log1p`: log(1 + x) of every stored value (zeros stay zero, so the result stays
 * sparse), float32; with `base`, divided by log(base). Returns a new matrix.
 */
export function log1p(m: CsrMatrix, base?: number): CsrMatrix;
export function log1p(m: CountMatrix, base?: number): CountMatrix;
export function log1p(m: CsrMatrix | CountMatrix, base?: number): CsrMatrix | CountMatrix {
  if ('X' in m) return { ...m, X: log1p(m.X, base) };
  if (base !== undefined && !(base > 0 && base !== 1)) throw new ConfigError(`log1p: base must be positive and not 1, got ${base}`);
  const div = base === undefined ? 1 : Math.log(base);
  const data = new Float32Array(m.data.length);
  for (let k = 0; k < data.length; k++) data[k] = Math.log1p(m.data[k]) / div;
  return new CsrMatrix(m.nRows, m.nCols, m.indptr.slice(), m.indices.slice(), data, { check: false });
}
