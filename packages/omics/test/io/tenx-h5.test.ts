import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '@vaekit/core';
import { readTenxH5 } from '../../src/io/tenx-h5-reader.js';
import { writeH5ad } from '../../src/io/write-h5ad.js';
import { CsrMatrix } from '../../src/matrix/csr-matrix.js';
import { FIXTURES, expectMatches, expectation, tempDir, toRows } from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe('10x Genomics .h5 reader (fixtures written by h5py per the Cell Ranger layouts)', () => {
  it('Cell Ranger v3: CSC genes × cells, int64 pointers, fixed-length strings, Gene Expression only', async () => {
    const e = await expectation('tenx_v3');
    const m = await readTenxH5(join(FIXTURES, 'tenx_v3.h5'));
    // the fixture's last feature is an antibody: dropped by default, as scanpy's gex_only
    const keep = (e.var.feature_types as string[]).map((t, j) => (t === 'Gene Expression' ? j : -1)).filter((j) => j >= 0);
    expectMatches(m, {
      ...e,
      shape: [e.shape[0], keep.length],
      X: e.X.map((row) => keep.map((j) => row[j])),
      var_names: keep.map((j) => e.var_names[j]),
      var: Object.fromEntries(Object.entries(e.var).map(([k, v]) => [k, keep.map((j) => v[j])])),
    });
  });

  it('Cell Ranger v3 with every feature', async () => {
    expectMatches(await readTenxH5(join(FIXTURES, 'tenx_v3.h5'), { gexOnly: false }), await expectation('tenx_v3'));
  });

  it('Cell Ranger v2: <genome>/genes and gene_names', async () => {
    const e = await expectation('tenx_v2');
    expectMatches(await readTenxH5(join(FIXTURES, 'tenx_v2.h5')), e);
    await expect(readTenxH5(join(FIXTURES, 'tenx_v2.h5'), { genome: 'GRCh38' })).rejects.toThrow(/no genome "GRCh38" — pass genome: one of mm10/);
  });

  it('gene ids as names on request', async () => {
    const m = await readTenxH5(join(FIXTURES, 'tenx_v2.h5'), { varNames: 'gene_ids' });
    expect(m.var.names).toEqual((await expectation('tenx_v2')).var.gene_ids);
    expect(toRows(m.X.toDense(), m.X.nCols)).toEqual((await expectation('tenx_v2')).X);
  });

  it('an HDF5 file that is not a 10x matrix says what it holds', async () => {
    const path = join(dir, 'other.h5');
    await writeH5ad(path, { X: CsrMatrix.fromDense([1], 1, 1), obs: { names: ['c'], columns: {} }, var: { names: ['g'], columns: {} } });
    const err = await readTenxH5(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/other\.h5 is not a 10x Genomics feature-barcode matrix.*top-level entries: .*X.*obs/);
  });
});
