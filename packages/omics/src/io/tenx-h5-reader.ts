import type { Group } from 'h5wasm/node';
import { InputError } from '@vaekit/core/errors';
import type { CountMatrix } from '../matrix/count-matrix.js';
import { CsrMatrix } from '../matrix/csr-matrix.js';
import { finishCounts } from './finish-counts.js';
import { withH5File } from './h5/h5-file.js';
import { childDataset, childGroup, readFloat32, readFloat64, readIndptr, readInt32, readStrings, requireDataset } from './h5/h5-read.js';
import type { CountReader, ReadCountsOptions } from './reader.js';
import { geneAnnotations } from './tenx-features.js';

/**
 * Reads a Cell Ranger feature-barcode matrix `.h5` (like scanpy's `read_10x_h5`): v3
 * (`matrix/` with `features/{id,name,feature_type,genome}`) or v2 (`<genome>/` with `genes`,
 * `gene_names`). Both store genes × cells as CSC, whose arrays are exactly the cells × genes CSR,
 * so nothing is transposed. var: symbols made unique, `gene_ids`, `feature_types`, `genome`.
 */
export async function readTenxH5(path: string, options: ReadCountsOptions = {}): Promise<CountMatrix> {
  const counts = await withH5File(
    path,
    'r',
    (f) => {
      const v3 = childGroup(f, 'matrix');
      if (v3 && childGroup(v3, 'features')) return readGroup(path, v3, 'v3', options);
      const genomes = f.keys().filter((k) => {
        const g = childGroup(f, k);
        return g !== undefined && childDataset(g, 'genes') !== undefined;
      });
      if (genomes.length === 0) {
        throw new InputError(
          `${path} is not a 10x Genomics feature-barcode matrix: no matrix/features group (Cell Ranger ≥ 3) and no <genome>/genes (Cell Ranger 2)`,
          `its top-level entries: ${f.keys().join(', ') || '(none)'}; for AnnData files use the .h5ad extension`,
        );
      }
      const genome = options.genome ?? (genomes.length === 1 ? genomes[0] : undefined);
      if (genome === undefined || !genomes.includes(genome)) {
        throw new InputError(
          `${path} holds ${genome === undefined ? 'several genomes' : `no genome "${genome}"`}`,
          `pass genome: one of ${genomes.join(', ')}`,
        );
      }
      return readGroup(path, childGroup(f, genome)!, 'v2', options);
    },
    'a 10x Genomics .h5 file',
  );
  return finishCounts(counts, options, { gexFilter: true });
}

function readGroup(path: string, g: Group, version: 'v2' | 'v3', options: ReadCountsOptions): CountMatrix {
  const hint = `a Cell Ranger ${version} matrix group holds data, indices, indptr, shape and barcodes`;
  const shape = readFloat64(path, requireDataset(path, g, 'shape', hint));
  const [nGenes, nCells] = shape;
  const barcodes = readStrings(path, requireDataset(path, g, 'barcodes', hint));
  let ids: string[];
  let symbols: string[];
  let types: string[] | undefined;
  const extra: Record<string, string[]> = {};
  if (version === 'v3') {
    const fe = childGroup(g, 'features')!;
    const fhint = 'matrix/features must hold id and name';
    ids = readStrings(path, requireDataset(path, fe, 'id', fhint));
    symbols = readStrings(path, requireDataset(path, fe, 'name', fhint));
    const ft = childDataset(fe, 'feature_type');
    types = ft ? readStrings(path, ft) : undefined;
    const gen = childDataset(fe, 'genome');
    if (gen) extra.genome = readStrings(path, gen);
  } else {
    ids = readStrings(path, requireDataset(path, g, 'genes', hint));
    const names = childDataset(g, 'gene_names');
    symbols = names ? readStrings(path, names) : ids;
  }
  if (barcodes.length !== nCells || ids.length !== nGenes || symbols.length !== nGenes) {
    throw new InputError(
      `${path}: shape says ${nGenes} genes × ${nCells} cells, but there are ${ids.length} gene ids, ${symbols.length} gene names and ${barcodes.length} barcodes`,
      'the file is inconsistent or truncated',
    );
  }
  let X: CsrMatrix;
  try {
    X = new CsrMatrix(
      nCells,
      nGenes,
      readIndptr(path, requireDataset(path, g, 'indptr', hint)),
      readInt32(path, requireDataset(path, g, 'indices', hint)),
      readFloat32(path, requireDataset(path, g, 'data', hint)),
    );
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${path}: ${g.path} is inconsistent: ${err.message}`, 'the file is corrupt');
    throw err;
  }
  const vars = geneAnnotations(ids, symbols, types, options, extra);
  return { X, obs: { names: barcodes, columns: {} }, var: vars, source: path };
}

/** The 10x .h5 reader: claims `*.h5` files (AnnData files use .h5ad). */
export const tenxH5Reader: CountReader = {
  kind: '10x-h5',
  description: '10x Genomics Cell Ranger .h5 (v3 matrix/features or v2 <genome>/genes)',
  canRead: (info) => !info.isDirectory && (info.name.endsWith('.h5') || info.name.endsWith('.hdf5')),
  read: (path, options) => readTenxH5(path, options),
};
