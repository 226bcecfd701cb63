#!/usr/bin/env node
/**
 * Writes the benchmark's pbmc3k input (the 2,638 labelled cells × 2,000 seurat_v3 HVGs, raw counts,
 * CSR, with the Seurat labels) to a JSON file, so an independent implementation can train on exactly
 * the same matrix: `node tools/bench/reference/dump-pbmc3k-hvg.mjs /tmp/pbmc3k-hvg.json`.
 */
import { writeFileSync } from 'node:fs';
import { loadPbmc3k } from '../src/omics/load-pbmc3k.mjs';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: node tools/bench/reference/dump-pbmc3k-hvg.mjs <out.json>\n');
  process.exit(2);
}
const data = await loadPbmc3k();
const X = data.matrix.X;
writeFileSync(
  out,
  JSON.stringify({
    shape: [X.nRows, X.nCols],
    genes: data.matrix.var.names,
    labels: Array.from(data.labels.codes),
    levels: data.labels.levels,
    X: { data: Array.from(X.data), indices: Array.from(X.indices), indptr: Array.from(X.indptr) },
  }),
);
process.stderr.write(`wrote ${out}: ${X.nRows} cells × ${X.nCols} genes\n`);
