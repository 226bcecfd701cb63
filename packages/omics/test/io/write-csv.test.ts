import { spawnSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '@vaekit/core';
import { readTable } from '../../src/io/read-table.js';
import { formatNumber, writeCsv } from '../../src/io/write-csv.js';
import { tempDir } from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const PYTHON = '/usr/bin/python3';
/** True when Debian's python3 with pandas is installed (the pandas check runs only then). */
const hasPandas = spawnSync(PYTHON, ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0;

const latent = new Float32Array([0.1, -2.5, 1e-7, 3, 0.25, Number.NaN]);
const table = { rowNames: ['AAAC-1', 'cell,2', 'say "hi"'], colNames: ['z1', 'z2'], values: latent };

describe('writeCsv', () => {
  it('writes a header, row names and the shortest float32 text; reads back with readTable', async () => {
    const path = join(dir, 'latent.csv');
    await writeCsv(path, table, { indexLabel: 'cell' });
    const text = await readFile(path, 'utf8');
    expect(text).toBe('cell,z1,z2\nAAAC-1,0.1,-2.5\n"cell,2",1e-7,3\n"say ""hi""",0.25,\n');
    const back = await readTable(path);
    expect(back.names).toEqual(table.rowNames);
    expect(Array.from(back.columns.z1 as Float64Array, Math.fround)).toEqual([latent[0], latent[2], latent[4]]);
    expect(await readdir(dir)).toEqual(['latent.csv']);
  });

  it('writes a frame of named columns, tab-separated and gzipped by extension', async () => {
    const path = join(dir, 'obs.tsv.gz');
    await writeCsv(path, { rowNames: ['a', 'b'], columns: { label: ['T', 'B'], n: new Float64Array([1.5, 2]) } });
    expect(gunzipSync(await readFile(path)).toString()).toBe('\tlabel\tn\na\tT\t1.5\nb\tB\t2\n');
  });

  it('every float32 survives the text round trip', () => {
    const values = new Float32Array(2000);
    for (let i = 0; i < values.length; i++) values[i] = Math.fround(Math.sin(i * 12.9898) * 10 ** ((i % 13) - 6));
    for (const v of values) expect(Math.fround(Number(formatNumber(v, true)))).toBe(v);
  });

  it('rejects a matrix whose size does not match its names', async () => {
    await expect(writeCsv(join(dir, 'bad.csv'), { ...table, colNames: ['z1'] })).rejects.toThrow(ConfigError);
  });

  // Runs only where Debian's python3-pandas is installed.
  it.runIf(hasPandas)('pandas reads it back with index_col=0', async () => {
    const path = join(dir, 'latent.csv');
    await writeCsv(path, table);
    const run = spawnSync(PYTHON, ['-c', 'import sys,json,pandas as pd; d=pd.read_csv(sys.argv[1], index_col=0); print(json.dumps({"index": list(d.index), "cols": list(d.columns), "z1": list(d.z1), "z2": [None if v != v else v for v in d.z2]}))', path], { encoding: 'utf8' });
    expect(JSON.parse(run.stdout)).toEqual({ index: table.rowNames, cols: ['z1', 'z2'], z1: [0.1, 1e-7, 0.25], z2: [-2.5, 3, null] });
  });
});
