import { describe, expect, it } from 'vitest';
import { InputError } from '@vaekit/core/errors';
import { adjustedRandIndex } from '@vaekit/core/metrics';
import { clusterLatent } from '../../src/analysis/clusters.js';
import { cellCovariates } from '../../src/analysis/covariates.js';
import { findLabels } from '../../src/analysis/labels.js';

/** n points in d dimensions around `k` well-separated centres (seeded), with their true groups. */
function blobs(n: number, d: number, k: number): { data: Float32Array; truth: number[] } {
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  const truth = Array.from({ length: n }, (_, i) => i % k);
  const data = Float32Array.from({ length: n * d }, (_, t) => truth[Math.floor(t / d)] * 10 * (t % d === truth[Math.floor(t / d)] % d ? 1 : 0) + rand());
  return { data, truth };
}

describe('clusterLatent', () => {
  const { data, truth } = blobs(300, 4, 3);

  it('chooses k by silhouette and recovers well-separated groups', () => {
    const c = clusterLatent(data, 300, 4);
    expect(c.chosenBy).toBe('silhouette');
    expect(c.k).toBe(3);
    expect(adjustedRandIndex(c.labels, truth)).toBeCloseTo(1, 6);
  });

  it('uses the requested k, else the number of labels', () => {
    expect(clusterLatent(data, 300, 4, { k: 5 }).k).toBe(5);
    const byLabels = clusterLatent(data, 300, 4, { labelCount: 3 });
    expect(byLabels.chosenBy).toBe('labels');
    expect(new Set(byLabels.labels).size).toBe(3);
  });

  it('puts fewer than three cells in one cluster', () => {
    expect(clusterLatent(Float32Array.from([1, 2, 3, 4]), 2, 2)).toMatchObject({ k: 1, chosenBy: 'trivial' });
  });
});

describe('findLabels', () => {
  const obs = {
    names: ['a', 'b', 'c'],
    columns: { batch: ['b1', 'b2', 'b1'], Cell_Type: ['T', 'B', 'T'], n_counts: Float64Array.from([1, 2, 3]) },
  };

  it('picks a cell-type-like string column (ignoring case and underscores)', () => {
    expect(findLabels(obs)).toEqual({ key: 'Cell_Type', values: ['T', 'B', 'T'], categories: ['B', 'T'] });
  });

  it('uses the requested column, and names the available ones when it is missing', () => {
    expect(findLabels(obs, 'batch')?.categories).toEqual(['b1', 'b2']);
    expect(() => findLabels(obs, 'tissue')).toThrow(InputError);
    expect(() => findLabels(obs, 'tissue')).toThrow(/columns: batch, Cell_Type, n_counts/);
  });

  it('returns nothing when no column looks like labels', () => {
    expect(findLabels({ names: ['a'], columns: { batch: ['x'] } })).toBeUndefined();
  });
});

describe('cellCovariates', () => {
  const specs = [
    { name: 'batch', type: 'categorical' as const, categories: ['b1', 'b2'] },
    { name: 'dose', type: 'continuous' as const },
  ];

  it('reads each covariate from its obs column', () => {
    const warnings: string[] = [];
    const out = cellCovariates({ names: ['a', 'b'], columns: { batch: ['b2', 'b1'], dose: Float64Array.from([0.5, 2]) } }, specs, warnings);
    expect(out).toEqual({ batch: ['b2', 'b1'], dose: [0.5, 2] });
    expect(warnings).toEqual([]);
  });

  it('fills a missing column with the first category (continuous: 0) and warns', () => {
    const warnings: string[] = [];
    expect(cellCovariates({ names: ['a', 'b'], columns: {} }, specs, warnings)).toEqual({ batch: ['b1', 'b1'], dose: [0, 0] });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/no "batch" column.*"b1"/);
  });

  it('rejects a category the model does not know, listing the known ones', () => {
    expect(() => cellCovariates({ names: ['a'], columns: { batch: ['b9'] } }, specs, [])).toThrow(/batch "b9" is not one the model was trained on — the model knows batch: b1, b2/);
  });
});
