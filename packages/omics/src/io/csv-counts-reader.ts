import { basename } from 'node:path';
import { InputError } from '@vaekit/core/errors';
import type { CountMatrix } from '../matrix/count-matrix.js';
import { CsrMatrix, allocIndptr } from '../matrix/csr-matrix.js';
import { forEachLine } from './byte-lines.js';
import { delimiterFor, splitFields } from './delimited.js';
import { finishCounts } from './finish-counts.js';
import { Growable } from './growable.js';
import { isMissingToken, parseNumberText } from './parse-number.js';
import type { CountReader, ReadCountsOptions } from './reader.js';
import { columnNames } from './table-header.js';

const ENSEMBL_ID = /^ENS[A-Z]*G\d{6,}(\.\d+)?$/;

/** Share of names that look like Ensembl gene ids (ENSG…, ENSMUSG…, optionally versioned). */
function geneIdShare(names: string[]): number {
  if (names.length === 0) return 0;
  let n = 0;
  for (const name of names) if (ENSEMBL_ID.test(name)) n++;
  return n / names.length;
}

/**
 * The rule behind `orientation: 'auto'`: if ≥ 90% of one axis's names are Ensembl gene ids and
 * ≤ 10% of the other's, that axis holds the genes; otherwise the longer axis holds the genes
 * (single-cell tables have more genes than cells far more often than not); a tie means cells
 * are rows. Pass `orientation` when the rule would guess wrong (e.g. > 20k cells × 2k genes).
 */
export function guessOrientation(rowNames: string[], colNames: string[]): 'cells-by-genes' | 'genes-by-cells' {
  const rows = geneIdShare(rowNames);
  const cols = geneIdShare(colNames);
  if (rows >= 0.9 && cols <= 0.1) return 'genes-by-cells';
  if (cols >= 0.9 && rows <= 0.1) return 'cells-by-genes';
  return rowNames.length > colNames.length ? 'genes-by-cells' : 'cells-by-genes';
}

/**
 * Reads a dense count table (CSV/TSV, gzip or plain) in either orientation, keeping only the
 * non-zero values while streaming. The first column holds row names; the header holds column
 * names, with or without a corner cell. Empty fields, NA and NaN become NaN (and fail count
 * validation naming the cell and gene); other non-numbers are an InputError naming the line.
 */
export async function readCountTable(path: string, options: ReadCountsOptions = {}): Promise<CountMatrix> {
  const delimiter = options.delimiter ?? delimiterFor(basename(path));
  let header: string[] | undefined;
  let colNames: string[] | undefined;
  const rowNames: string[] = [];
  const indptr: number[] = [0];
  const indices = new Growable((n) => new Int32Array(n));
  const data = new Growable((n) => new Float32Array(n));
  await forEachLine(path, (line, lineNo) => {
    if (line.trim() === '') return;
    const fields = splitFields(line, delimiter);
    if (!header) {
      header = fields;
      return;
    }
    colNames ??= columnNames(path, header, fields);
    if (fields.length !== colNames.length + 1) {
      throw new InputError(`${path}, line ${lineNo}: ${fields.length} fields, expected ${colNames.length + 1} (a name and ${colNames.length} values)`, 'the file may be truncated or use another delimiter');
    }
    rowNames.push(fields[0]);
    for (let j = 1; j < fields.length; j++) {
      const text = fields[j];
      let v = text === '0' ? 0 : parseNumberText(text);
      if (Number.isNaN(v) && !isMissingToken(text) && !/^nan$/i.test(text.trim())) {
        throw new InputError(`${path}, line ${lineNo}, column "${colNames[j - 1]}": "${text.slice(0, 40)}" is not a number`, 'a count table holds a name column and numbers only');
      }
      if (v === 0) continue;
      if (Object.is(v, -0)) v = 0;
      indices.push(j - 1);
      data.push(v);
    }
    indptr.push(indices.length);
  });
  if (!header || !colNames) throw new InputError(`${path} has no data rows`, 'expected a header line and one line per gene or cell');
  const ptr = allocIndptr(rowNames.length, indices.length);
  ptr.set(indptr);
  const fileMatrix = new CsrMatrix(rowNames.length, colNames.length, ptr, indices.toArray(), data.toArray(), { check: false });
  const orientation = options.orientation && options.orientation !== 'auto' ? options.orientation : guessOrientation(rowNames, colNames);
  const cellsByGenes = orientation === 'cells-by-genes';
  const counts: CountMatrix = {
    X: cellsByGenes ? fileMatrix : fileMatrix.transpose(),
    obs: { names: cellsByGenes ? rowNames : colNames, columns: {} },
    var: { names: cellsByGenes ? colNames : rowNames, columns: {} },
    source: path,
  };
  return finishCounts(counts, options, {
    hint: `read as ${orientation} — if that is wrong pass orientation; count models need raw counts (finite, non-negative integers)`,
  });
}

/** The CSV/TSV count-table reader: claims .csv, .tsv, .txt and .tab files (gzip too). */
export const csvCountsReader: CountReader = {
  kind: 'csv',
  description: 'dense count table .csv/.tsv/.txt/.tab[.gz] (either orientation)',
  canRead: (info) => !info.isDirectory && /\.(csv|tsv|txt|tab)$/.test(info.name),
  read: (path, options) => readCountTable(path, options),
};
