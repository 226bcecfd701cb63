import type { CountMatrix } from '../matrix/count-matrix.js';
import type { CsrMatrix } from '../matrix/csr-matrix.js';
import { rowSums } from '../matrix/stats.js';

/** Total counts per cell (library size), in float64: scanpy's `total_counts` / `n_counts`. */
export function librarySize(m: CountMatrix | CsrMatrix): Float64Array {
  return rowSums('X' in m ? m.X : m);
}
