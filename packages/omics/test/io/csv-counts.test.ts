import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '@vaekit/core';
import { guessOrientation, readCountTable } from '../../src/io/csv-counts-reader.js';
import { joinObs } from '../../src/io/join-obs.js';
import { readTable } from '../../src/io/read-table.js';
import { FIXTURES, expectMatches, expectation, tempDir, toRows } from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

async function write(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, name.endsWith('.gz') ? gzipSync(Buffer.from(text)) : text);
  return path;
}

describe('CSV/TSV count tables', () => {
  it("R's write.csv layout: genes × cells, quoted names, no corner cell, gzip (CellBench's files)", async () => {
    expectMatches(await readCountTable(join(FIXTURES, 'counts_r.csv.gz')), await expectation('counts_r'));
  });

  it("pandas' to_csv layout: cells × genes, tab-separated, with a corner cell", async () => {
    expectMatches(await readCountTable(join(FIXTURES, 'counts_pandas.tsv')), await expectation('counts_pandas'));
  });

  it('orientation can be forced', async () => {
    const m = await readCountTable(join(FIXTURES, 'counts_pandas.tsv'), { orientation: 'genes-by-cells' });
    const e = await expectation('counts_pandas');
    expect(m.obs.names).toEqual(e.var_names);
    expect(toRows(m.X.toDense(), m.X.nCols)).toEqual(e.X[0].map((_, j) => e.X.map((row) => row[j])));
  });

  it('auto orientation: Ensembl ids mark the gene axis, else the longer axis is genes', () => {
    expect(guessOrientation(['ENSG00000281131', 'ENSG00000227456.3'], ['A1', 'A2', 'A3'])).toBe('genes-by-cells');
    expect(guessOrientation(['A1', 'A2', 'A3'], ['ENSMUSG00000000001', 'ENSMUSG00000000003'])).toBe('cells-by-genes');
    expect(guessOrientation(['CD3E', 'LYZ', 'MS4A1'], ['c1', 'c2'])).toBe('genes-by-cells');
    expect(guessOrientation(['c1', 'c2'], ['CD3E', 'LYZ', 'MS4A1'])).toBe('cells-by-genes');
    expect(guessOrientation(['c1', 'c2'], ['CD3E', 'LYZ'])).toBe('cells-by-genes');
  });

  it('a non-numeric value names the line and column', async () => {
    const path = await write('bad.csv', 'gene,c1,c2\nG1,1,2\nG2,3,x7\n');
    await expect(readCountTable(path)).rejects.toThrow(/bad\.csv, line 3, column "c2": "x7" is not a number/);
  });

  it('NA and negative counts fail validation naming the cell and gene', async () => {
    const na = await write('na.tsv.gz', 'gene\tc1\tc2\tc3\nG1\t1\tNA\t0\nG2\t0\t0\t1\nG3\t0\t0\t1\nG4\t0\t0\t1\n');
    await expect(readCountTable(na)).rejects.toThrow(/na\.tsv\.gz: the count for cell "c2" \(row 1\) and gene "G1" \(column 0\) is NaN/);
    const neg = await write('neg.csv', ',G1,G2\nc1,1,-2\n');
    await expect(readCountTable(neg)).rejects.toThrow(/cell "c1" \(row 0\) and gene "G2" \(column 1\) is negative \(-2\)/);
  });

  it('a row with the wrong number of fields', async () => {
    const path = await write('short.csv', 'gene,c1,c2\nG1,1,2\nG2,3\n');
    const err = await readCountTable(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/short\.csv, line 3: 2 fields, expected 3/);
  });

  it('an empty table', async () => {
    await expect(readCountTable(await write('empty.csv', 'gene,c1\n'))).rejects.toThrow(/empty\.csv has no data rows/);
  });
});

describe('metadata tables', () => {
  it("reads R's write.csv metadata: numbers, strings, NA", async () => {
    const e = await expectation<{ names: string[]; cell_line: string[]; total: (number | null)[]; ok: string[] }>('metadata_r');
    const t = await readTable(join(FIXTURES, 'metadata_r.csv'));
    expect(t.names).toEqual(e.names);
    expect(t.columns.cell_line).toEqual(e.cell_line);
    expect(Array.from(t.columns.total as Float64Array).map((v) => (Number.isNaN(v) ? null : v))).toEqual(e.total);
    expect(t.columns.ok).toEqual(e.ok);
  });

  it('joins metadata onto cells by name; unmatched cells get "" / NaN', async () => {
    const counts = await readCountTable(join(FIXTURES, 'counts_r.csv.gz'));
    const table = await readTable(join(FIXTURES, 'metadata_r.csv'));
    const reversed = { names: [...table.names].reverse().slice(1), columns: { cell_line: (table.columns.cell_line as string[]).slice().reverse().slice(1) } };
    const joined = joinObs(counts, reversed);
    expect(joined.obs.columns.cell_line).toEqual(['H1975', 'H2228', 'H1975', '']);
    expect(() => joinObs(counts, reversed, { required: true })).toThrow(/1 cell\(s\) have no row in the metadata table \(e\.g\. "p1_A3"\)/);
    expect(() => joinObs(counts, { names: ['x'], columns: {} })).toThrow(/None of the 4 cells matches/);
  });
});
