import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { InputError } from '@vaekit/core';
import { expectNoTensorLeak } from '@vaekit/core/testing';
import type { CountMatrix } from '../../src/matrix/count-matrix.js';
import { subsetCounts } from '../../src/matrix/count-matrix.js';
import { CountSource } from '../../src/matrix/count-source.js';
import { CsrMatrix } from '../../src/matrix/csr-matrix.js';
import { toRows } from '../io/fixtures.js';

const dense = [
  [0, 3, 0, 1],
  [2, 0, 0, 0],
  [0, 0, 7, 1],
  [1, 1, 1, 1],
];

function counts(values: number[][] = dense): CountMatrix {
  return {
    X: CsrMatrix.fromDense(values.flat(), values.length, 4),
    obs: {
      names: ['c0', 'c1', 'c2', 'c3'],
      columns: { batch: ['p2', 'p1', 'p2', 'p3'], pct: new Float64Array([0.5, 1, 1.5, 2]), label: ['T', '', 'B', 'T'] },
    },
    var: { names: ['g0', 'g1', 'g2', 'g3'], columns: {} },
    layers: { raw: CsrMatrix.fromDense(values.flat().map((v) => v * 2), values.length, 4) },
    source: 'test.h5ad',
  };
}

describe('CountSource', () => {
  it('densifies only the requested rows, with one-hot (sorted levels) and continuous covariates, leaking nothing', async () => {
    const source = new CountSource(counts(), { covariates: ['batch', 'pct'] });
    expect([source.size, source.featureDim, source.covariateDim]).toEqual([4, 4, 4]);
    expect(source.covariateBlocks).toEqual([
      { column: 'batch', kind: 'categorical', levels: ['p1', 'p2', 'p3'], offset: 0 },
      { column: 'pct', kind: 'continuous', offset: 3 },
    ]);
    const got = await expectNoTensorLeak(() => {
      const b = source.batch([2, 0, 2]);
      const out = { x: b.x.arraySync(), shape: b.x.shape, cov: b.covariates!.arraySync() };
      tf.dispose([b.x, b.covariates!]);
      return out;
    });
    expect(got.shape).toEqual([3, 4]);
    expect(got.x).toEqual([dense[2], dense[0], dense[2]]);
    expect(got.cov).toEqual([
      [0, 1, 0, 1.5],
      [0, 1, 0, 0.5],
      [0, 1, 0, 1.5],
    ]);
  });

  it('uses given levels (a trained model’s) and reads a layer', () => {
    const source = new CountSource(counts(), { covariates: ['batch'], levels: { batch: ['p3', 'p2', 'p1', 'p0'] }, layer: 'raw' });
    const b = source.batch([1]);
    expect(b.covariates!.arraySync()).toEqual([[0, 0, 1, 0]]);
    expect(b.x.arraySync()).toEqual([[4, 0, 0, 0]]);
    tf.dispose([b.x, b.covariates!]);
  });

  it('without covariates the batch is just x', () => {
    const b = new CountSource(counts()).batch([3]);
    expect(Object.keys(b)).toEqual(['x']);
    b.x.dispose();
  });

  it.each([
    [-1, /cell "c1" \(row 1\) and gene "g2" \(column 2\) is negative \(-1\)/],
    [0.5, /cell "c1" \(row 1\) and gene "g2" \(column 2\) is not an integer \(0\.5\)/],
    [Number.NaN, /cell "c1" \(row 1\) and gene "g2" \(column 2\) is NaN/],
    [Number.POSITIVE_INFINITY, /cell "c1" \(row 1\) and gene "g2" \(column 2\) is Infinity/],
  ])('rejects a count of %s at construction, naming file, cell and gene', (bad, message) => {
    const values = dense.map((r) => [...r]);
    values[1][2] = bad;
    expect(() => new CountSource(counts(values))).toThrow(InputError);
    expect(() => new CountSource(counts(values))).toThrow(message);
    expect(() => new CountSource(counts(values))).toThrow(/^test\.h5ad: /);
  });

  it('a missing covariate value, an unknown level or column is an InputError naming the cell', () => {
    expect(() => new CountSource(counts(), { covariates: ['label'] })).toThrow(/Covariate "label" of cell "c1" \(row 1\) is missing/);
    expect(() => new CountSource(counts(), { covariates: ['batch'], levels: { batch: ['p1', 'p2'] } })).toThrow(/cell "c3" \(row 3\) is "p3", not one of the known levels p1, p2/);
    expect(() => new CountSource(counts(), { covariates: ['donor'] })).toThrow(/"donor" is not in obs — obs columns: batch, pct, label/);
    expect(() => new CountSource(counts(), { layer: 'spliced' })).toThrow(/no layer "spliced"/);
  });

  it('out-of-range rows throw before any tensor is made', async () => {
    const source = new CountSource(counts());
    await expectNoTensorLeak(() => expect(() => source.batch([0, 4])).toThrow(/row index 4 is out of range/));
  });

  it('subsetCounts cuts cells and genes together with obs, var and layers', () => {
    const sub = subsetCounts(counts(), { cells: [3, 0], genes: [1, 3] });
    expect(toRows(sub.X.toDense(), 2)).toEqual([
      [1, 1],
      [3, 1],
    ]);
    expect(sub.obs.names).toEqual(['c3', 'c0']);
    expect(sub.obs.columns.batch).toEqual(['p3', 'p2']);
    expect(Array.from(sub.obs.columns.pct as Float64Array)).toEqual([2, 0.5]);
    expect(sub.var.names).toEqual(['g1', 'g3']);
    expect(toRows(sub.layers!.raw.toDense(), 2)).toEqual([
      [2, 2],
      [6, 2],
    ]);
  });
});
