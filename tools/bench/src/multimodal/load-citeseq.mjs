/**
 * ECCITE-seq PBMC control (500 cells; shared/data/citeseq_eccite_pbmc500): raw RNA UMI counts (a
 * genes × cells Matrix Market file), 49 ADT counts and the barcodes, read with @vaekit/omics. RNA is
 * reduced to its highly variable genes (seurat_v3 on the raw counts of all cells: RNA only, so no
 * protein information reaches the gene choice).
 */
import { join } from 'node:path';
import { CsrMatrix, hvgSeuratV3, readMatrixMarket, readTable, subsetCounts } from '@vaekit/omics';
import { dataPath } from '../omics/data-root.mjs';
import { secondsSince } from '../omics/stats.mjs';

async function readLines(path) {
  const { createReadStream } = await import('node:fs');
  const { createGunzip } = await import('node:zlib');
  const { createInterface } = await import('node:readline');
  const lines = [];
  for await (const line of createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity })) if (line !== '') lines.push(line);
  return lines;
}

/** `{ rna: CountMatrix (cells × HVGs), protein: { data, nRows, nCols, names }, cells, info }`. */
export async function loadCiteseq({ nTopGenes = 2000 } = {}) {
  const t0 = performance.now();
  const dir = dataPath('citeseq_eccite_pbmc500');
  const [coo, genes, barcodes, adt] = await Promise.all([
    readMatrixMarket(join(dir, 'rna_matrix.mtx.gz')),
    readLines(join(dir, 'rna_genes.tsv.gz')),
    readLines(join(dir, 'barcodes.tsv.gz')),
    readTable(join(dir, 'adt_counts.tsv.gz'), { delimiter: '\t' }),
  ]);
  if (coo.nRows !== genes.length || coo.nCols !== barcodes.length) throw new Error(`citeseq: matrix ${coo.nRows} × ${coo.nCols} vs ${genes.length} genes and ${barcodes.length} barcodes`);
  if (adt.names.length !== barcodes.length || adt.names.some((b, i) => b !== barcodes[i])) throw new Error('citeseq: the ADT table rows are not the RNA barcodes in order');
  const X = CsrMatrix.fromCoo(coo.nCols, coo.nRows, coo.cols, coo.rows, coo.values);
  const raw = { X, obs: { names: barcodes, columns: {} }, var: { names: genes.map((g) => g.replace(/^hg19_/, '')), columns: {} } };
  const hvg = hvgSeuratV3(raw, { nTopGenes });
  const rna = subsetCounts(raw, { genes: hvg.selected });
  const proteinNames = Object.keys(adt.columns);
  const n = barcodes.length;
  const p = proteinNames.length;
  const protein = new Float32Array(n * p);
  proteinNames.forEach((name, j) => adt.columns[name].forEach((v, i) => (protein[i * p + j] = v)));
  return {
    rna,
    protein: { data: protein, nRows: n, nCols: p, names: proteinNames },
    cells: barcodes,
    info: { path: dir, cells: n, rawGenes: genes.length, genes: rna.X.nCols, proteins: p, hvg: { flavor: 'seurat_v3', nTopGenes, on: 'raw RNA counts of all 500 cells' }, loadSeconds: secondsSince(t0) },
  };
}
