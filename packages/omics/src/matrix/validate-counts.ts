import { InputError } from '@vaekit/core/errors';
import type { CsrMatrix } from './csr-matrix.js';

/** Where a count matrix came from and what its rows and columns are called, for error messages. */
export interface CountLabels {
  /** Cell names (barcodes), one per row. */
  cells?: readonly string[];
  /** Gene names, one per column. */
  genes?: readonly string[];
  /** File or folder the counts were read from. */
  source?: string;
  /** What to suggest when the values are not counts (defaults to a generic hint). */
  hint?: string;
}

const DEFAULT_HINT =
  'count models need raw counts (finite, non-negative integers); if these are normalised or log values, read the raw counts instead (for .h5ad, e.g. the "counts" layer)';

/**
 * Checks that every stored value is a finite, non-negative integer, once, in O(nnz). Throws an
 * InputError naming the first offending cell (barcode) and gene, their indices, the value and
 * the file.
 */
export function validateCounts(X: CsrMatrix, labels: CountLabels = {}): void {
  const { indptr, indices, data } = X;
  for (let r = 0; r < X.nRows; r++) {
    for (let k = indptr[r]; k < indptr[r + 1]; k++) {
      const v = data[k];
      if (v >= 0 && Number.isInteger(v)) continue;
      const problem = Number.isNaN(v) ? 'is NaN (missing)' : !Number.isFinite(v) ? `is ${v}` : v < 0 ? `is negative (${v})` : `is not an integer (${v})`;
      const c = indices[k];
      const cell = labels.cells?.[r];
      const gene = labels.genes?.[c];
      const where = labels.source ? `${labels.source}: ` : '';
      throw new InputError(
        `${where}the count for cell ${cell !== undefined ? `"${cell}" ` : ''}(row ${r}) and gene ${gene !== undefined ? `"${gene}" ` : ''}(column ${c}) ${problem}`,
        labels.hint ?? DEFAULT_HINT,
      );
    }
  }
}
