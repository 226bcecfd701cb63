import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pca2 } from '../../src/analysis/pca.js';
import { symmetricEigen } from '@vaekit/core/metrics';

// sklearn's PCA on the same matrix (test/fixtures/pca.py)
const fixture = JSON.parse(readFileSync(new URL('../fixtures/pca.json', import.meta.url), 'utf8')) as {
  n: number;
  d: number;
  data: number[];
  projection: [number, number][];
  explainedVarianceRatio: [number, number];
  eigenvalues: number[];
};

describe('pca2', () => {
  const map = pca2(Float32Array.from(fixture.data), fixture.n, fixture.d);

  it('projects like sklearn PCA (up to the sign of each axis)', () => {
    for (const axis of [0, 1]) {
      const ours = axis === 0 ? map.x : map.y;
      const ref = fixture.projection.map((p) => p[axis]);
      const sign = Math.sign(ref.reduce((s, v, i) => s + v * ours[i], 0));
      ref.forEach((v, i) => expect(ours[i] * sign).toBeCloseTo(v, 4));
    }
  });

  it('reports the explained variance ratios', () => {
    expect(map.explained?.[0]).toBeCloseTo(fixture.explainedVarianceRatio[0], 5);
    expect(map.explained?.[1]).toBeCloseTo(fixture.explainedVarianceRatio[1], 5);
  });

  it('fixes each axis sign so its largest loading is positive (same map for negated data columns up to the axis flip)', () => {
    const again = pca2(Float32Array.from(fixture.data), fixture.n, fixture.d);
    expect(Array.from(again.x)).toEqual(Array.from(map.x));
  });

  it('copes with a one-dimensional latent space and with a single cell', () => {
    const line = pca2(Float32Array.from([1, 2, 3, 4]), 4, 1);
    expect(Array.from(line.x).map((v) => Math.abs(v))).toEqual([1.5, 0.5, 0.5, 1.5]);
    expect(Array.from(line.y)).toEqual([0, 0, 0, 0]);
    const one = pca2(Float32Array.from([3, 4]), 1, 2);
    expect(Array.from(one.x)).toEqual([0]);
  });
});

describe('symmetricEigen', () => {
  it('finds the eigenvalues numpy finds, in decreasing order, with orthonormal vectors', () => {
    const { n, d, data } = fixture;
    const mean = Array.from({ length: d }, (_, j) => data.filter((_, k) => k % d === j).reduce((a, b) => a + b, 0) / n);
    const cov = new Float64Array(d * d);
    for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b] += ((data[i * d + a] - mean[a]) * (data[i * d + b] - mean[b])) / (n - 1);
    const { values, vectors } = symmetricEigen(cov, d);
    fixture.eigenvalues.forEach((v, k) => expect(values[k]).toBeCloseTo(v, 4));
    for (let p = 0; p < d; p++) {
      for (let q = 0; q < d; q++) {
        let dot = 0;
        for (let i = 0; i < d; i++) dot += vectors[i * d + p] * vectors[i * d + q];
        expect(dot).toBeCloseTo(p === q ? 1 : 0, 9);
      }
    }
  });
});
