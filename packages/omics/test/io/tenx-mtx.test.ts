import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '@vaekit/core';
import { readMatrixMarket } from '../../src/io/matrix-market.js';
import { readTenxMtx } from '../../src/io/tenx-mtx-reader.js';
import { FIXTURES, expectMatches, expectation, tempDir, toRows } from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** Writes a 10x folder into the temp dir from plain-text contents (gzipped when the name ends in .gz). */
async function writeFolder(files: Record<string, string | Buffer>): Promise<string> {
  const folder = join(dir, 'mtx');
  await mkdir(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    await writeFile(join(folder, name), name.endsWith('.gz') && typeof text === 'string' ? gzipSync(bytes) : bytes);
  }
  return folder;
}

const MTX = '%%MatrixMarket matrix coordinate integer general\n%\n3 2 3\n1 1 4\n3 1 1\n2 2 7\n';
const GENES = 'G1\tA\nG2\tB\nG3\tA\n';
const BARCODES = 'AAA-1\nCCC-1\n';

describe('10x Matrix Market folder (read like scanpy.read_10x_mtx)', () => {
  it('reads a gzipped Cell Ranger v3 folder: unique symbols, gene ids, feature types, Gene Expression only', async () => {
    const e = await expectation('tenx_mtx_v3');
    const m = await readTenxMtx(join(FIXTURES, 'tenx_mtx_v3'));
    expectMatches(m, e);
  });

  it('keeps every feature with gexOnly: false', async () => {
    const e = await expectation<{ all_features_X: number[][]; all_var_names: string[] }>('tenx_mtx_v3');
    const m = await readTenxMtx(join(FIXTURES, 'tenx_mtx_v3'), { gexOnly: false });
    expect(toRows(m.X.toDense(), m.X.nCols)).toEqual(e.all_features_X);
    expect(m.var.names).toEqual(e.all_var_names);
  });

  it('reads a plain Cell Ranger v2 folder (genes.tsv, no feature types)', async () => {
    expectMatches(await readTenxMtx(join(FIXTURES, 'tenx_mtx_v2')), await expectation('tenx_mtx_v2'));
  });

  it('names genes by id on request, keeping the symbols', async () => {
    const m = await readTenxMtx(await writeFolder({ 'matrix.mtx': MTX, 'genes.tsv': GENES, 'barcodes.tsv': BARCODES }), { varNames: 'gene_ids' });
    expect(m.var.names).toEqual(['G1', 'G2', 'G3']);
    expect(m.var.columns.gene_symbols).toEqual(['A', 'B', 'A']);
    expect(toRows(m.X.toDense(), 3)).toEqual([
      [4, 0, 1],
      [0, 7, 0],
    ]);
  });

  it('reads pattern and real matrices, and entries in any order', async () => {
    const pattern = '%%MatrixMarket matrix coordinate pattern general\n3 2 2\n2 2\n1 1\n';
    const coo = await readMatrixMarket(join(await writeFolder({ 'p.mtx': pattern }), 'p.mtx'));
    expect([coo.field, Array.from(coo.rows), Array.from(coo.cols), Array.from(coo.values)]).toEqual(['pattern', [1, 0], [1, 0], [1, 1]]);
    const real = '%%MatrixMarket matrix coordinate real general\n2 2 2\n2 1 2.5e0\n1 2 -0.5\n';
    const r = await readMatrixMarket(join(await writeFolder({ 'r.mtx.gz': real }), 'r.mtx.gz'));
    expect(Array.from(r.values)).toEqual([2.5, -0.5]);
  });

  it('handles lines split across stream chunks (a large file)', async () => {
    const genes = 50;
    const cells = 4000;
    const lines: string[] = [];
    let expectedTotal = 0;
    for (let c = 1; c <= cells; c++) {
      for (let g = 1; g <= genes; g++) {
        const v = (c * 31 + g * 17) % 23;
        if (v) {
          lines.push(`${g} ${c} ${v}`);
          expectedTotal += v;
        }
      }
    }
    const mtx = `%%MatrixMarket matrix coordinate integer general\n${genes} ${cells} ${lines.length}\n${lines.join('\n')}\n`;
    expect(mtx.length).toBeGreaterThan(1 << 20);
    const folder = await writeFolder({
      'matrix.mtx.gz': mtx,
      'features.tsv.gz': Array.from({ length: genes }, (_, g) => `ID${g}\tS${g}\tGene Expression`).join('\n'),
      'barcodes.tsv.gz': Array.from({ length: cells }, (_, c) => `BC${c}`).join('\n'),
    });
    const m = await readTenxMtx(folder);
    expect(m.X.nnz).toBe(lines.length);
    expect(m.X.data.reduce((a, b) => a + b, 0)).toBe(expectedTotal);
    expect(m.X.get(cells - 1, 0)).toBe((cells * 31 + 17) % 23);
  });

  describe('bad input names the file and the problem', () => {
    it('a missing file: says which', async () => {
      const folder = await writeFolder({ 'matrix.mtx': MTX, 'barcodes.tsv': BARCODES });
      const err = await readTenxMtx(folder).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(/missing features\.tsv\[\.gz\] \(or genes\.tsv\[\.gz\]\)/);
      expect((err as Error).message).toContain(folder);
      expect((err as Error).message).not.toMatch(/matrix\.mtx\[/);
    });

    it('barcode and gene counts that disagree with the matrix header', async () => {
      const folder = await writeFolder({ 'matrix.mtx': MTX, 'genes.tsv': GENES, 'barcodes.tsv': 'AAA-1\n' });
      await expect(readTenxMtx(folder)).rejects.toThrow(/header says 3 genes × 2 cells.*lists 3 genes.* 1 barcodes/);
    });

    it('a truncated gzip', async () => {
      const gz = gzipSync(Buffer.from(MTX));
      const folder = await writeFolder({ 'matrix.mtx.gz': gz.subarray(0, gz.length - 12), 'genes.tsv': GENES, 'barcodes.tsv': BARCODES });
      const err = await readTenxMtx(folder).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(/matrix\.mtx\.gz: the gzip data is truncated or corrupt/);
    });

    it('corrupt gzip data', async () => {
      const gz = Buffer.from(gzipSync(Buffer.from(MTX.repeat(3))));
      for (let i = 12; i < gz.length - 8; i += 3) gz[i] ^= 0x5a;
      const folder = await writeFolder({ 'matrix.mtx.gz': gz, 'genes.tsv': GENES, 'barcodes.tsv': BARCODES });
      await expect(readTenxMtx(folder)).rejects.toThrow(/matrix\.mtx\.gz: the gzip data is truncated or corrupt/);
    });

    it('a matrix with fewer entries than its header declares', async () => {
      const folder = await writeFolder({ 'matrix.mtx': MTX.replace('3 2 3', '3 2 5'), 'genes.tsv': GENES, 'barcodes.tsv': BARCODES });
      await expect(readTenxMtx(folder)).rejects.toThrow(/ends after 3 of the 5 entries/);
    });

    it('an entry outside the declared shape', async () => {
      const folder = await writeFolder({ 'matrix.mtx': MTX.replace('3 1 1', '4 1 1'), 'genes.tsv': GENES, 'barcodes.tsv': BARCODES });
      await expect(readTenxMtx(folder)).rejects.toThrow(/matrix\.mtx, line 5: entry \(4, 1\) is outside the declared 3 × 2 matrix/);
    });

    it('a file that is not Matrix Market', async () => {
      const folder = await writeFolder({ 'matrix.mtx': 'gene,cell,count\n', 'genes.tsv': GENES, 'barcodes.tsv': BARCODES });
      await expect(readTenxMtx(folder)).rejects.toThrow(/line 1: not a Matrix Market coordinate file/);
    });

    it('a negative count names the cell and the gene', async () => {
      const folder = await writeFolder({ 'matrix.mtx': MTX.replace('2 2 7', '2 2 -7'), 'genes.tsv': GENES, 'barcodes.tsv': BARCODES });
      await expect(readTenxMtx(folder)).rejects.toThrow(/cell "CCC-1" \(row 1\) and gene "B" \(column 1\) is negative \(-7\)/);
    });

    it('a non-integer count names the cell and the gene, unless validation is off', async () => {
      const folder = await writeFolder({ 'matrix.mtx': MTX.replace('3 1 1', '3 1 0.5'), 'genes.tsv': GENES, 'barcodes.tsv': BARCODES });
      await expect(readTenxMtx(folder)).rejects.toThrow(/cell "AAA-1" \(row 0\) and gene "A-1" \(column 2\) is not an integer \(0\.5\)/);
      const m = await readTenxMtx(folder, { validate: false });
      expect(m.X.get(0, 2)).toBe(0.5);
    });

    it('a NaN count names the cell and the gene', async () => {
      const folder = await writeFolder({ 'matrix.mtx': MTX.replace('1 1 4', '1 1 NaN').replace('integer', 'real'), 'genes.tsv': GENES, 'barcodes.tsv': BARCODES });
      await expect(readTenxMtx(folder)).rejects.toThrow(/cell "AAA-1" \(row 0\) and gene "A" \(column 0\) is NaN/);
    });
  });

  it('reads the committed fixture files unchanged (sanity check of the fixture itself)', async () => {
    const bytes = await readFile(join(FIXTURES, 'tenx_mtx_v2', 'matrix.mtx'), 'utf8');
    expect(bytes.startsWith('%%MatrixMarket matrix coordinate integer general')).toBe(true);
    await copyFile(join(FIXTURES, 'tenx_mtx_v2', 'matrix.mtx'), join(dir, 'copy.mtx'));
    const coo = await readMatrixMarket(join(dir, 'copy.mtx'));
    expect(coo.nRows).toBe(4);
    expect(coo.nCols).toBe(3);
  });
});
