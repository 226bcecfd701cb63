import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { CountMatrix } from '../../src/matrix/count-matrix.js';

/** Folder of the committed reader fixtures (written by test/fixtures/io/make_fixtures.py). */
export const FIXTURES = fileURLToPath(new URL('../fixtures/io/', import.meta.url));

/** What make_fixtures.py records for each fixture (anndata's / scipy's view of it). */
export interface Expectation {
  shape: [number, number];
  X: number[][];
  obs_names: string[];
  var_names: string[];
  obs: Record<string, (string | number)[]>;
  var: Record<string, (string | number)[]>;
  [extra: string]: unknown;
}

/** Loads `<name>.json` from the fixture folder. */
export async function expectation<T = Expectation>(name: string): Promise<T> {
  return JSON.parse(await readFile(join(FIXTURES, `${name}.json`), 'utf8')) as T;
}

/** Asserts that a CountMatrix equals an expectation: dense X, names and every listed column. */
export function expectMatches(m: CountMatrix, e: Expectation): void {
  expect([m.X.nRows, m.X.nCols]).toEqual(e.shape);
  expect(toRows(m.X.toDense(), e.shape[1])).toEqual(e.X);
  expect(m.obs.names).toEqual(e.obs_names);
  expect(m.var.names).toEqual(e.var_names);
  for (const [frame, want] of [
    [m.obs, e.obs],
    [m.var, e.var],
  ] as const) {
    expect(Object.keys(frame.columns).sort()).toEqual(Object.keys(want).sort());
    for (const [k, values] of Object.entries(want)) expect(Array.from(frame.columns[k] as ArrayLike<string | number>)).toEqual(values);
  }
}

/** Row-major values as nested rows of plain numbers. */
export function toRows(values: ArrayLike<number>, nCols: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < values.length; i += nCols) rows.push(Array.from({ length: nCols }, (_, j) => values[i + j]));
  return rows;
}

/** A fresh temp folder, and a function that removes it. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'vaekit-omics-io-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
