import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, asPoints, kmeans } from '@vaekit/core/metrics';
import { umap2 } from '../../src/analysis/umap.js';

/** 150 points in 6-D around three far-apart centres, with their groups. */
function blobs(): { data: Float32Array; truth: number[] } {
  let s = 99;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  const truth = Array.from({ length: 150 }, (_, i) => i % 3);
  const data = Float32Array.from({ length: 150 * 6 }, (_, t) => (Math.floor(t / 6) % 3 === t % 6 ? 20 : 0) + rand());
  return { data, truth };
}

describe('umap2', () => {
  it('keeps separated groups apart on the 2-D map, and the same seed gives the same map', async () => {
    const { data, truth } = blobs();
    const a = await umap2(data, 150, 6, { seed: 0 });
    const b = await umap2(data, 150, 6, { seed: 0 });
    expect(a.method).toBe('umap');
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    const xy = Float32Array.from({ length: 300 }, (_, k) => (k % 2 === 0 ? a.x[k >> 1] : a.y[k >> 1]));
    expect(adjustedRandIndex(kmeans(asPoints(xy, 2), 3, { seed: 1 }).labels, truth)).toBeCloseTo(1, 6);
  });
});
