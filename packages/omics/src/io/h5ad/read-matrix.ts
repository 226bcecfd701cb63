import h5wasm from 'h5wasm/node';
import type { Entity } from 'h5wasm/node';
import { InputError } from '@vaekit/core/errors';
import type { DenseMatrix } from '../../matrix/count-matrix.js';
import { CsrMatrix } from '../../matrix/csr-matrix.js';
import { attrNumbers, attrString, isStringDataset, readFloat32, readIndptr, readInt32, requireDataset } from '../h5/h5-read.js';

/**
 * Reads an AnnData matrix element as CSR: a dense 2-D dataset, a `csr_matrix` group, or a
 * `csc_matrix` group (converted by an O(nnz) transpose). Old files that mark sparse groups with
 * `h5sparse_format` / `h5sparse_shape` are read too. `what` names the element in errors.
 */
export function readMatrixElement(file: string, entity: Entity, what: string): CsrMatrix {
  if (entity instanceof h5wasm.Dataset) {
    const shape = entity.shape ?? [];
    if (shape.length !== 2 || isStringDataset(entity)) {
      throw new InputError(`${file}: ${what} is not a 2-D numeric matrix (shape [${shape.join(', ')}])`);
    }
    return CsrMatrix.fromDense(readFloat32(file, entity), shape[0], shape[1]);
  }
  if (!(entity instanceof h5wasm.Group)) throw new InputError(`${file}: ${what} is neither a dataset nor a group`);
  const encoding = attrString(entity, 'encoding-type') ?? legacyEncoding(attrString(entity, 'h5sparse_format'));
  if (encoding !== 'csr_matrix' && encoding !== 'csc_matrix') {
    throw new InputError(
      `${file}: ${what} has encoding "${encoding ?? '(none)'}", not a dense array, csr_matrix or csc_matrix`,
      'save it with anndata as a dense or scipy.sparse CSR/CSC matrix',
    );
  }
  const shape = attrNumbers(entity, 'shape') ?? attrNumbers(entity, 'h5sparse_shape');
  if (!shape || shape.length !== 2) throw new InputError(`${file}: ${what} (${encoding}) has no 2-element shape attribute`);
  const hint = 'the sparse matrix group must hold data, indices and indptr';
  const data = readFloat32(file, requireDataset(file, entity, 'data', hint));
  const indices = readInt32(file, requireDataset(file, entity, 'indices', hint));
  const indptr = readIndptr(file, requireDataset(file, entity, 'indptr', hint));
  const [nRows, nCols] = shape;
  try {
    if (encoding === 'csr_matrix') return new CsrMatrix(nRows, nCols, indptr, indices, data);
    return new CsrMatrix(nCols, nRows, indptr, indices, data).transpose();
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${file}: ${what} is inconsistent: ${err.message}`, 'the file is corrupt');
    throw err;
  }
}

/** Reads a dense 2-D numeric dataset (an obsm embedding) as float32; undefined for anything else. */
export function readDenseElement(file: string, entity: Entity): DenseMatrix | undefined {
  if (!(entity instanceof h5wasm.Dataset) || isStringDataset(entity)) return undefined;
  const shape = entity.shape ?? [];
  if (shape.length !== 2) return undefined;
  return { data: readFloat32(file, entity), nRows: shape[0], nCols: shape[1] };
}

function legacyEncoding(format: string | undefined): string | undefined {
  return format === 'csr' || format === 'csc' ? `${format}_matrix` : undefined;
}
