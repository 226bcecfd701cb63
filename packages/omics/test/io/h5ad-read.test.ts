import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '@vaekit/core';
import { readH5ad } from '../../src/io/h5ad-reader.js';
import { writeH5ad } from '../../src/io/write-h5ad.js';
import { CsrMatrix } from '../../src/matrix/csr-matrix.js';
import { FIXTURES, expectMatches, expectation, tempDir, toRows } from './fixtures.js';
import type { Expectation } from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe('AnnData .h5ad reader (fixtures written by anndata)', () => {
  it('dense X with numeric, boolean and string columns', async () => {
    expectMatches(await readH5ad(join(FIXTURES, 'dense.h5ad')), await expectation('dense'));
  });

  it('CSR: reads layers/counts on request, decodes categoricals (missing → ""), and obsm', async () => {
    const e = await expectation<{ obsm_X_pca: number[][] }>('csr_categorical');
    const m = await readH5ad(join(FIXTURES, 'csr_categorical.h5ad'), { layer: 'counts' });
    expectMatches(m, { ...(await expectation('csr_categorical')) });
    expect(m.obs.columns.cell_type).toContain('');
    const pca = m.obsm?.X_pca;
    expect(pca && toRows(pca.data, pca.nCols).map((r) => r.map((v) => Math.fround(v)))).toEqual(e.obsm_X_pca.map((r) => r.map((v) => Math.fround(v))));
  });

  it('X holding normalised values fails validation, naming the cell, gene and the counts layer', async () => {
    const err = await readH5ad(join(FIXTURES, 'csr_categorical.h5ad')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/csr_categorical\.h5ad: the count for cell "AAAC-0" \(row 0\) and gene "Gene2" \(column 2\) is not an integer/);
    expect((err as Error).message).toMatch(/\{ layer: 'counts' \}/);
  });

  it('reads normalised X as-is with validate: false, and extra layers', async () => {
    const e = await expectation<Expectation & { X_normalised: number[][] }>('csr_categorical');
    const m = await readH5ad(join(FIXTURES, 'csr_categorical.h5ad'), { validate: false, layers: ['counts'] });
    expect(toRows(m.X.toDense(), m.X.nCols)).toEqual(e.X_normalised.map((r) => r.map((v) => Math.fround(v))));
    expect(toRows(m.layers!.counts.toDense(), m.X.nCols)).toEqual(e.X);
  });

  it('CSC X is converted to CSR', async () => {
    const m = await readH5ad(join(FIXTURES, 'csc.h5ad'));
    expectMatches(m, await expectation('csc'));
    for (let r = 0; r < m.X.nRows; r++) {
      const row = Array.from(m.X.indices.subarray(m.X.indptr[r], m.X.indptr[r + 1]));
      expect(row).toEqual([...row].sort((a, b) => a - b));
    }
  });

  it('the old __categories encoding (anndata < 0.7)', async () => {
    expectMatches(await readH5ad(join(FIXTURES, 'old_categories.h5ad')), await expectation('old_categories'));
  });

  it('an unknown layer lists the layers there are', async () => {
    await expect(readH5ad(join(FIXTURES, 'csr_categorical.h5ad'), { layer: 'spliced' })).rejects.toThrow(/no layer "spliced" — its layers: counts/);
  });

  describe('bad files name the file and the problem', () => {
    it('a file that is not HDF5', async () => {
      const path = join(dir, 'notes.h5ad');
      await writeFile(path, 'cell,gene,count\nA,B,1\n');
      const err = await readH5ad(path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toBe(`${path} is not an .h5ad (AnnData HDF5) file: it has no HDF5 signature — ${(err as InputError).hint}`);
    });

    it('a truncated .h5ad', async () => {
      const path = join(dir, 'cut.h5ad');
      await writeFile(path, (await readFile(join(FIXTURES, 'dense.h5ad'))).subarray(0, 5000));
      const err = await readH5ad(path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(/cut\.h5ad: HDF5 read failed \(truncated file: eof = 5000/);
    });

    it('an .h5ad without X says what it has instead', async () => {
      const path = join(dir, 'nox.h5ad');
      const counts = CsrMatrix.fromDense([1, 2], 1, 2);
      await writeH5ad(path, { obs: { names: ['c1'], columns: {} }, var: { names: ['g1', 'g2'], columns: {} }, layers: { counts } });
      const err = await readH5ad(path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(/nox\.h5ad has no X matrix — it has \{ layer: 'counts' \}/);
    });

    it('a missing file', async () => {
      await expect(readH5ad(join(dir, 'absent.h5ad'))).rejects.toThrow(/absent\.h5ad does not exist/);
    });
  });
});
