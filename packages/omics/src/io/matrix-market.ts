import { InputError } from '@vaekit/core/errors';
import { forEachLineBytes } from './byte-lines.js';
import { parseNumberBytes } from './parse-number.js';

/** A Matrix Market coordinate file as 0-based triplets. */
export interface MatrixMarketCoo {
  nRows: number;
  nCols: number;
  /** 'integer', 'real' or 'pattern' (pattern entries are 1). */
  field: 'integer' | 'real' | 'pattern';
  rows: Int32Array;
  cols: Int32Array;
  values: Float32Array;
}

const HEADER = /^%%matrixmarket\s+matrix\s+coordinate\s+(integer|real|double|pattern)\s+general\s*$/i;

/**
 * Stream-parses a Matrix Market `coordinate … general` file (gzip or plain) into 0-based COO
 * arrays sized from the header's entry count, without building strings for the data lines.
 * Checks the header, every index against the declared shape, and the number of entries
 * (fewer than declared means a truncated file); errors name the file and line.
 */
export async function readMatrixMarket(path: string): Promise<MatrixMarketCoo> {
  let field: MatrixMarketCoo['field'] | undefined;
  let nRows = -1;
  let nCols = -1;
  let nnz = -1;
  let rows = new Int32Array(0);
  let cols = new Int32Array(0);
  let values = new Float32Array(0);
  let k = 0;
  const tok = new Int32Array(8);
  const fail = (lineNo: number, problem: string, hint?: string): never => {
    throw new InputError(`${path}, line ${lineNo}: ${problem}`, hint);
  };

  await forEachLineBytes(path, (buf, start, end, lineNo) => {
    if (field === undefined) {
      const header = buf.toString('latin1', start, end);
      const m = HEADER.exec(header.trim());
      if (!m) {
        fail(
          lineNo,
          `not a Matrix Market coordinate file (header "${header.slice(0, 80)}")`,
          'expected "%%MatrixMarket matrix coordinate integer|real|pattern general" (10x Matrix Market output)',
        );
      }
      const f = m![1].toLowerCase();
      field = f === 'double' ? 'real' : (f as MatrixMarketCoo['field']);
      return;
    }
    const n = tokenize(buf, start, end, tok);
    if (n === 0 || buf[start] === 37 /* % */) return;
    if (nnz < 0) {
      if (n !== 3) fail(lineNo, 'the size line must be "rows cols entries"');
      nRows = parseNumberBytes(buf, tok[0], tok[1]);
      nCols = parseNumberBytes(buf, tok[2], tok[3]);
      nnz = parseNumberBytes(buf, tok[4], tok[5]);
      for (const v of [nRows, nCols, nnz]) if (!Number.isInteger(v) || v < 0) fail(lineNo, 'the size line must hold three non-negative integers');
      rows = new Int32Array(nnz);
      cols = new Int32Array(nnz);
      values = new Float32Array(nnz);
      return;
    }
    const want = field === 'pattern' ? 2 : 3;
    if (n !== want) fail(lineNo, `expected ${want} fields ("row col${want === 3 ? ' value' : ''}"), found ${n}`);
    if (k >= nnz) fail(lineNo, `more entries than the ${nnz} the header declares`, 'the header or the file is corrupt');
    const i = parseNumberBytes(buf, tok[0], tok[1]);
    const j = parseNumberBytes(buf, tok[2], tok[3]);
    if (!(i >= 1 && i <= nRows && Number.isInteger(i)) || !(j >= 1 && j <= nCols && Number.isInteger(j))) {
      fail(lineNo, `entry (${buf.toString('latin1', tok[0], tok[1])}, ${buf.toString('latin1', tok[2], tok[3])}) is outside the declared ${nRows} × ${nCols} matrix (indices are 1-based)`);
    }
    rows[k] = i - 1;
    cols[k] = j - 1;
    values[k] = want === 3 ? parseNumberBytes(buf, tok[4], tok[5]) : 1;
    if (want === 3 && Number.isNaN(values[k])) {
      const text = buf.toString('latin1', tok[4], tok[5]);
      if (!/^nan$/i.test(text)) fail(lineNo, `value "${text}" is not a number`);
    }
    k++;
  });

  if (field === undefined) throw new InputError(`${path} is empty`, 'expected a Matrix Market file (matrix.mtx)');
  if (nnz < 0) throw new InputError(`${path} has no size line ("rows cols entries") after its header`, 'the file is truncated or not a Matrix Market file');
  if (k < nnz) {
    throw new InputError(`${path} ends after ${k} of the ${nnz} entries its header declares`, 'the file is truncated; fetch it again');
  }
  return { nRows, nCols, field, rows, cols, values };
}

/** Splits on spaces/tabs; writes [start, end) pairs into `out`, returns the number of tokens (at most out.length / 2). */
function tokenize(buf: Uint8Array, start: number, end: number, out: Int32Array): number {
  let n = 0;
  let i = start;
  const max = out.length >> 1;
  while (i < end) {
    while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    if (i >= end) break;
    const s = i;
    while (i < end && buf[i] !== 32 && buf[i] !== 9) i++;
    if (n < max) {
      out[2 * n] = s;
      out[2 * n + 1] = i;
    }
    n++;
  }
  return n;
}
