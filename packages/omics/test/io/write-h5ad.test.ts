import { spawnSync } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '@vaekit/core';
import { readH5ad } from '../../src/io/h5ad-reader.js';
import { writeH5ad } from '../../src/io/write-h5ad.js';
import type { H5adContent } from '../../src/io/write-h5ad.js';
import { CsrMatrix } from '../../src/matrix/csr-matrix.js';
import { tempDir, toRows } from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const PYTHON = '/usr/bin/python3';
/** True when Debian's python3 with python3-anndata is installed (the anndata checks run only then). */
const hasAnndata = spawnSync(PYTHON, ['-c', 'import anndata'], { encoding: 'utf8' }).status === 0;

const counts = [
  [0, 3, 0, 1],
  [2, 0, 0, 0],
  [0, 0, 7, 1],
];
const latent = new Float32Array([0.1, -2.5, 1e-7, 3, 0.25, -0.125]);

function content(): H5adContent {
  return {
    X: CsrMatrix.fromDense(counts.flat(), 3, 4),
    obs: {
      names: ['AAAC-1', 'AAAG-1', 'ü-naïve'],
      columns: { batch: ['b1', 'b2', 'b1'], n_counts: new Float64Array([4, 2, 8]), label: ['T, "cd4"', '', 'B'] },
    },
    var: { names: ['CD3E', 'LYZ', 'MS4A1', 'NKG7'], columns: { gene_ids: ['E1', 'E2', 'E3', 'E4'] } },
    obsm: { X_vaekit: latent },
    layers: { dense_counts: { data: Float32Array.from(counts.flat()), nRows: 3, nCols: 4 } },
  };
}

describe('writeH5ad', () => {
  it('round-trips through our reader', async () => {
    const path = join(dir, 'out.h5ad');
    await writeH5ad(path, content());
    const back = await readH5ad(path, { layers: ['dense_counts'] });
    expect(toRows(back.X.toDense(), 4)).toEqual(counts);
    expect(toRows(back.layers!.dense_counts.toDense(), 4)).toEqual(counts);
    expect(back.obs).toEqual({ names: content().obs.names, columns: content().obs.columns });
    expect(back.var).toEqual(content().var);
    expect(back.obsm?.X_vaekit).toEqual({ data: latent, nRows: 3, nCols: 2 });
  });

  it('writes atomically: no temp file is left, and a failed write keeps the previous file', async () => {
    const path = join(dir, 'out.h5ad');
    await writeFile(path, 'previous');
    const bad = { ...content(), obs: { names: ['a', 'b', 'c'], columns: { _index: ['x', 'y', 'z'] } } };
    await expect(writeH5ad(path, bad)).rejects.toThrow(ConfigError);
    expect(await readFile(path, 'utf8')).toBe('previous');
    await writeH5ad(path, content());
    expect(await readdir(dir)).toEqual(['out.h5ad']);
  });

  it('checks shapes before writing', async () => {
    await expect(writeH5ad(join(dir, 'x.h5ad'), { ...content(), obsm: { X_vaekit: new Float32Array(7) } })).rejects.toThrow(/obsm "X_vaekit" has 7 values, not a multiple of 3 cells/);
    await expect(writeH5ad(join(dir, 'x.h5ad'), { ...content(), var: { names: ['g'], columns: {} } })).rejects.toThrow(/X is 3 × 4, but obs has 3 cells and var 1 genes/);
    expect(await readdir(dir)).toEqual([]);
  });

  // Runs only where Debian's python3-anndata is installed: anndata itself must open what we write.
  it.runIf(hasAnndata)('is opened by real anndata with the same contents and no format warnings', async () => {
    const path = join(dir, 'for-scanpy.h5ad');
    await writeH5ad(path, content());
    const script = `
import json, sys, warnings
import anndata as ad
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    a = ad.read_h5ad(sys.argv[1])
print(json.dumps({
    'X': a.X.toarray().tolist(), 'X_format': type(a.X).__name__,
    'obs_names': list(a.obs_names), 'var_names': list(a.var_names),
    'obs': {k: [v if isinstance(v, str) else float(v) for v in a.obs[k]] for k in a.obs.columns},
    'obs_order': list(a.obs.columns),
    'gene_ids': list(a.var['gene_ids']),
    'latent': a.obsm['X_vaekit'].tolist(), 'latent_dtype': str(a.obsm['X_vaekit'].dtype),
    'layer': a.layers['dense_counts'].tolist(),
    'warnings': [str(w.message) for w in caught if 'anndata' in str(w.filename) or 'Format' in type(w.message).__name__],
}))
`;
    const run = spawnSync(PYTHON, ['-c', script, path], { encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/Traceback/);
    const got = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(got.X).toEqual(counts);
    expect(got.X_format).toBe('csr_matrix');
    expect(got.obs_names).toEqual(content().obs.names);
    expect(got.var_names).toEqual(content().var.names);
    expect(got.obs_order).toEqual(['batch', 'n_counts', 'label']);
    expect(got.obs).toEqual({ batch: ['b1', 'b2', 'b1'], n_counts: [4, 2, 8], label: ['T, "cd4"', '', 'B'] });
    expect(got.gene_ids).toEqual(['E1', 'E2', 'E3', 'E4']);
    expect(got.latent).toEqual(toRows(latent, 2));
    expect(got.latent_dtype).toBe('float32');
    expect(got.layer).toEqual(counts);
    expect(got.warnings).toEqual([]);
  });
});
