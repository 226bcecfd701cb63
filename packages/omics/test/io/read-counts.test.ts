import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '@vaekit/core';
import { readCounts } from '../../src/io/read-counts.js';
import type { CountReader } from '../../src/io/reader.js';
import { countReaders } from '../../src/io/registry.js';
import { CsrMatrix } from '../../src/matrix/csr-matrix.js';
import { FIXTURES, expectMatches, expectation, tempDir } from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe('readCounts dispatches on what the path is, through the reader registry', () => {
  it.each([
    ['tenx_mtx_v2', 'tenx_mtx_v2', {}],
    ['dense.h5ad', 'dense', {}],
    ['csr_categorical.h5ad', 'csr_categorical', { layer: 'counts' }],
    ['tenx_v2.h5', 'tenx_v2', {}],
    ['counts_r.csv.gz', 'counts_r', {}],
    ['counts_pandas.tsv', 'counts_pandas', {}],
  ])('%s', async (file, json, options) => {
    expectMatches(await readCounts(join(FIXTURES, file), options), await expectation(json));
  });

  it('an unknown file type lists the supported ones', async () => {
    const path = join(dir, 'counts.loom');
    await writeFile(path, 'x');
    const err = await readCounts(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const message = (err as Error).message;
    expect(message).toContain('unknown count file type "counts.loom"');
    for (const kind of ['10x-mtx', 'h5ad', '10x-h5', 'csv']) expect(message).toContain(`${kind} — `);
  });

  it('a path that does not exist', async () => {
    await expect(readCounts(join(dir, 'nope'))).rejects.toThrow(/nope does not exist/);
  });

  it('kind forces a reader; an unknown kind is a ConfigError listing the kinds', async () => {
    const path = join(dir, 'counts.dat');
    await writeFile(path, 'gene,c1\nG1,3\n');
    const m = await readCounts(path, { kind: 'csv' });
    expect(m.X.get(0, 0)).toBe(3);
    await expect(readCounts(path, { kind: 'loom' })).rejects.toThrow(ConfigError);
  });

  it('a registered reader is found by canRead', async () => {
    const reader: CountReader = {
      kind: 'test-fake',
      description: 'fake .fake files',
      canRead: (info) => info.name.endsWith('.fake'),
      read: async (path) => ({ X: CsrMatrix.fromDense([5], 1, 1), obs: { names: [path], columns: {} }, var: { names: ['g'], columns: {} } }),
    };
    countReaders.register(reader);
    const path = join(dir, 'x.fake.gz');
    await writeFile(path, '');
    const m = await readCounts(path);
    expect(m.obs.names).toEqual([path]);
  });

  it('a folder goes to the 10x reader, which says what is missing', async () => {
    await mkdir(join(dir, 'empty'));
    await expect(readCounts(join(dir, 'empty'))).rejects.toThrow(/missing matrix\.mtx\[\.gz\], features\.tsv\[\.gz\] \(or genes\.tsv\[\.gz\]\), barcodes\.tsv\[\.gz\]/);
  });
});
