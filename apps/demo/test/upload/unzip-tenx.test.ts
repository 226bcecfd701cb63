import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '@vaekit/core/errors';
import { HttpError } from '../../src/http/http-error.js';
import { readUploadedCounts } from '../../src/upload/read-upload.js';
import { extractZipCounts } from '../../src/upload/unzip-tenx.js';
import { tenxFiles, tenxZip } from '../helpers/tenx.js';

const counts = [
  [1, 0, 3],
  [0, 2, 0],
];
const files = tenxFiles(counts, ['GeneA', 'GeneB', 'GeneC'], ['AAAC-1', 'AAAG-1']);

describe('extractZipCounts / readUploadedCounts (.zip)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-zip-test-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const readZip = async (zip: Uint8Array, name = 'upload.zip') => {
    const path = join(dir, name);
    await writeFile(path, zip);
    return readUploadedCounts(path, name, { workspace: dir, maxUnzippedBytes: 1e6 });
  };

  it('finds a gzipped, prefixed 10x folder at any depth and reads it with the omics reader', async () => {
    const m = await readZip(tenxZip(files, 'run1/outs/filtered_feature_bc_matrix/', { gz: true, prefix: 'GSM1_' }));
    expect(m.X.nRows).toBe(2);
    expect(m.var.names).toEqual(['GeneA', 'GeneB', 'GeneC']);
    expect(m.obs.names).toEqual(['AAAC-1', 'AAAG-1']);
    expect(Array.from(m.X.toDense())).toEqual(counts.flat());
    expect(m.source).toBe('upload.zip:run1/outs/filtered_feature_bc_matrix/GSM1_');
  });

  it('takes the shallowest complete folder and ignores __MACOSX entries', async () => {
    const other = tenxFiles([[5, 5, 5]], ['GeneA', 'GeneB', 'GeneC'], ['ZZZZ-1']);
    const zip = zipSync({
      'deep/deeper/matrix.mtx': strToU8(other.matrix),
      'deep/deeper/features.tsv': strToU8(other.features),
      'deep/deeper/barcodes.tsv': strToU8(other.barcodes),
      'top/matrix.mtx': strToU8(files.matrix),
      'top/genes.tsv': strToU8(files.features),
      'top/barcodes.tsv': strToU8(files.barcodes),
      '__MACOSX/top/._matrix.mtx': strToU8('junk'),
    });
    const m = await readZip(zip);
    expect(m.obs.names).toEqual(['AAAC-1', 'AAAG-1']);
  });

  it('never writes outside the workspace whatever the entry paths say', async () => {
    const zip = zipSync({
      '../../escape/matrix.mtx': strToU8(files.matrix),
      '../../escape/features.tsv': strToU8(files.features),
      '../../escape/barcodes.tsv': strToU8(files.barcodes),
    });
    const m = await readZip(zip);
    expect(m.X.nRows).toBe(2);
    const out = join(dir, 'unzipped');
    expect((await readdir(out)).sort()).toEqual(['10x']);
    expect((await readdir(join(out, '10x'))).sort()).toEqual(['barcodes.tsv', 'features.tsv', 'matrix.mtx']);
  });

  it('reads the one count file of a zip without a 10x folder', async () => {
    const m = await readZip(zipSync({ 'data/cells.csv': strToU8('cell,GeneA,GeneB\nc1,1,2\nc2,0,7\n') }));
    expect(m.X.nRows).toBe(2);
    expect(m.var.names).toEqual(['GeneA', 'GeneB']);
  });

  it('says what is missing from an incomplete folder', async () => {
    const zip = zipSync({ 'x/matrix.mtx': strToU8(files.matrix), 'x/barcodes.tsv': strToU8(files.barcodes) });
    await expect(readZip(zip, 'cells.zip')).rejects.toThrow(/cells\.zip holds no complete 10x folder \(found only matrix\.mtx\+barcodes\.tsv\)/);
  });

  it('rejects a file that is not a zip with an InputError naming it', async () => {
    await expect(readZip(strToU8('not a zip at all'), 'broken.zip')).rejects.toThrow(InputError);
    await expect(readZip(strToU8('not a zip at all'), 'broken.zip')).rejects.toThrow(/broken\.zip is not a readable zip archive/);
  });

  it('refuses archives that unpack to more than the limit (413)', async () => {
    const big = zipSync({ 'a/cells.csv': new Uint8Array(5000).fill(48) });
    const err = await extractZipCounts(big, join(dir, 'u'), 1000, 'big.zip').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).statusCode).toBe(413);
  });
});

describe('readUploadedCounts (files)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-read-test-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('names the uploaded file, not the temp path, in reader errors', async () => {
    const path = join(dir, 'counts.csv');
    await writeFile(path, 'cell,GeneA,GeneB\nc1,1,-2\n');
    const err = await readUploadedCounts(path, 'my-counts.csv', { workspace: dir, maxUnzippedBytes: 1e6 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain('my-counts.csv');
    expect((err as Error).message).not.toContain(dir);
    expect((err as Error).message).toMatch(/negative/);
  });

  it('rejects an unknown file type with the supported ones', async () => {
    const path = join(dir, 'cells.xlsx');
    await writeFile(path, 'x');
    await expect(readUploadedCounts(path, 'cells.xlsx', { workspace: dir, maxUnzippedBytes: 1e6 })).rejects.toThrow(/not a count file type.*\.csv, \.csv\.gz/);
  });
});
