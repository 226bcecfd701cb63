import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '@vaekit/core/errors';
import type { CountMatrix } from '../matrix/count-matrix.js';
import { CsrMatrix } from '../matrix/csr-matrix.js';
import { fileError } from './byte-lines.js';
import { readRows, requireFields } from './delimited.js';
import { readMatrixMarket } from './matrix-market.js';
import type { CountReader, ReadCountsOptions } from './reader.js';
import { finishCounts } from './finish-counts.js';
import { geneAnnotations } from './tenx-features.js';

/** The three files of a 10x Matrix Market folder that were found. */
interface TenxFiles {
  matrix: string;
  features: string;
  barcodes: string;
}

/**
 * Finds matrix.mtx[.gz], features.tsv[.gz] (Cell Ranger ≥ 3) or genes.tsv[.gz] (v2) and
 * barcodes.tsv[.gz] in `dir`, with an optional name prefix (falling back to the bare names).
 * A missing file is an InputError saying which, and what the folder holds.
 */
async function findTenxFiles(dir: string, prefix: string): Promise<TenxFiles> {
  const entries = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    throw fileError(dir, err);
  });
  const present = new Set(entries);
  const pick = (...stems: string[]): string | undefined => {
    for (const p of prefix ? [prefix, ''] : ['']) {
      for (const stem of stems) for (const name of [`${p}${stem}.gz`, `${p}${stem}`]) if (present.has(name)) return name;
    }
    return undefined;
  };
  const matrix = pick('matrix.mtx');
  const features = pick('features.tsv', 'genes.tsv');
  const barcodes = pick('barcodes.tsv');
  const missing = [
    matrix ? undefined : `${prefix}matrix.mtx[.gz]`,
    features ? undefined : `${prefix}features.tsv[.gz] (or genes.tsv[.gz])`,
    barcodes ? undefined : `${prefix}barcodes.tsv[.gz]`,
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0) {
    const listing = entries.length ? entries.slice(0, 12).join(', ') + (entries.length > 12 ? ', …' : '') : '(empty)';
    throw new InputError(
      `${dir} is not a complete 10x Matrix Market folder: missing ${missing.join(', ')}`,
      `the folder holds: ${listing}; a 10x folder (e.g. filtered_feature_bc_matrix/) has matrix.mtx, features.tsv or genes.tsv, and barcodes.tsv (optionally gzipped${prefix ? '' : '; pass prefix for names like GSM123_matrix.mtx.gz'})`,
    );
  }
  return { matrix: join(dir, matrix!), features: join(dir, features!), barcodes: join(dir, barcodes!) };
}

/**
 * Reads a 10x Matrix Market folder into a CountMatrix (cells × genes), as scanpy's
 * `read_10x_mtx`: var names are gene symbols made unique (or ids), with `gene_ids` and (v3)
 * `feature_types` columns; obs names are the barcodes. The matrix is stream-parsed.
 */
export async function readTenxMtx(dir: string, options: ReadCountsOptions = {}): Promise<CountMatrix> {
  const files = await findTenxFiles(dir, options.prefix ?? '');
  const [coo, featureRows, barcodeRows] = await Promise.all([
    readMatrixMarket(files.matrix),
    readRows(files.features, '\t'),
    readRows(files.barcodes, '\t'),
  ]);
  requireFields(files.features, featureRows, 1, 'gene id, gene symbol[, feature type]');
  if (coo.nRows !== featureRows.length || coo.nCols !== barcodeRows.length) {
    const transposed = coo.nRows === barcodeRows.length && coo.nCols === featureRows.length;
    throw new InputError(
      `${dir}: the matrix header says ${coo.nRows} genes × ${coo.nCols} cells, but ${files.features} lists ${featureRows.length} genes and ${files.barcodes} lists ${barcodeRows.length} barcodes`,
      transposed
        ? 'the matrix looks transposed (cells × genes); 10x folders store genes × cells'
        : 'the three files must come from the same Cell Ranger run; one of them may be truncated or from another sample',
    );
  }
  const X = CsrMatrix.fromCoo(coo.nCols, coo.nRows, coo.cols, coo.rows, coo.values);
  const counts: CountMatrix = {
    X,
    obs: { names: barcodeRows.map((r) => r[0]), columns: {} },
    var: geneAnnotations(featureRows.map((r) => r[0]), featureRows.map((r) => r[1] ?? r[0]), featureRows[0]?.length >= 3 ? featureRows.map((r) => r[2] ?? '') : undefined, options),
    source: dir,
  };
  return finishCounts(counts, options, { gexFilter: true });
}

/** The 10x Matrix Market folder reader: claims any folder. */
export const tenxMtxReader: CountReader = {
  kind: '10x-mtx',
  description: '10x Matrix Market folder (matrix.mtx[.gz], features.tsv[.gz] or genes.tsv[.gz], barcodes.tsv[.gz])',
  canRead: (info) => info.isDirectory,
  read: (path, options) => readTenxMtx(path, options),
};
