import * as tf from '@tensorflow/tfjs-core';
import { Dense, embeddingLookup, LayerNorm, ParamStore } from '@vaekit/core';
import { denseLowering, dropoutLowering, embeddingLowering, GraphBuilder, layerLowerings, layerNormLowering } from '@vaekit/onnx';
import { afterEach, describe, expect, it } from 'vitest';
import { maxAbsDiff, randomizeWeights, read, runGraph, values } from '../helpers.js';

let store: ParamStore;
afterEach(() => store?.dispose());

describe('dense, layer-norm, dropout and embedding lowerings', () => {
  it('registers every built-in layer lowering by kind', () => {
    expect(layerLowerings.kinds()).toEqual(expect.arrayContaining(['dense', 'layer-norm', 'dropout', 'embedding', 'conv1d', 'covariate-concat', 'mlp', 'gru']));
  });

  for (const activation of ['linear', 'relu'] as const) {
    it(`dense (${activation}) is Gemm with transB = 0 and matches core's dense within 1e-4`, async () => {
      store = new ParamStore('t', 1);
      const dense = new Dense(store, 'd', 9, 5);
      randomizeWeights(store.variables(), 3);
      const x = values(7 * 9, 4, -2, 2);
      const want = read(tf.tidy(() => dense.apply(tf.tensor2d(x, [7, 9]), activation)));
      const g = new GraphBuilder('dense');
      g.output('y', denseLowering.lower(g, g.input('x', ['batch', 9]), dense, { activation }), ['batch', 5]);
      const gemm = g.toGraph().node.find((n) => n.opType === 'Gemm');
      expect(gemm?.attribute.find((a) => a.name === 'transB')?.i).toBe(0);
      const got = await runGraph(g, { x: { data: x, dims: [7, 9] } });
      expect(maxAbsDiff(got.y.data, want.data)).toBeLessThanOrEqual(1e-4);
      expect(want.data.some((v) => v === 0) || activation === 'linear').toBe(true); // relu clipped something
    });
  }

  it('dense on [B, T, F] (MatMul + Add) matches core within 1e-4', async () => {
    store = new ParamStore('t', 1);
    const dense = new Dense(store, 'd', 4, 3);
    randomizeWeights(store.variables(), 5);
    const x = values(2 * 6 * 4, 6);
    const want = read(tf.tidy(() => dense.apply(tf.tensor3d(x, [2, 6, 4]))));
    const g = new GraphBuilder('dense3');
    g.output('y', denseLowering.lower(g, g.input('x', ['batch', 'time', 4]), dense, { rank: 3 }), ['batch', 'time', 3]);
    const got = await runGraph(g, { x: { data: x, dims: [2, 6, 4] } });
    expect([...got.y.dims]).toEqual([2, 6, 3]);
    expect(maxAbsDiff(got.y.data, want.data)).toBeLessThanOrEqual(1e-4);
  });

  it('layer-norm is LayerNormalization with core\'s epsilon and matches within 1e-4', async () => {
    store = new ParamStore('t', 1);
    const norm = new LayerNorm(store, 'n', 8);
    randomizeWeights(store.variables(), 7, 1);
    // small spread per row, so that epsilon (1e-3 vs ONNX's default 1e-5) matters
    const x = values(5 * 8, 8, -0.05, 0.05);
    const want = read(tf.tidy(() => norm.apply(tf.tensor2d(x, [5, 8]))));
    const g = new GraphBuilder('norm');
    g.output('y', layerNormLowering.lower(g, g.input('x', ['batch', 8]), norm, undefined), ['batch', 8]);
    const eps = g.toGraph().node.find((n) => n.opType === 'LayerNormalization')?.attribute.find((a) => a.name === 'epsilon')?.f;
    expect(eps).toBeCloseTo(1e-3, 8);
    const got = await runGraph(g, { x: { data: x, dims: [5, 8] } });
    expect(maxAbsDiff(got.y.data, want.data)).toBeLessThanOrEqual(1e-4);
  });

  it('dropout is the identity at inference and adds no node', () => {
    const g = new GraphBuilder('dropout');
    const x = g.input('x', ['batch', 3]);
    expect(dropoutLowering.lower(g, x, { rate: 0.5 }, undefined)).toBe(x);
    g.output('y', x, ['batch', 3]);
    expect(g.toGraph().node.map((n) => n.opType)).toEqual(['Identity']);
  });

  for (const dtype of ['int32', 'int64'] as const) {
    it(`embedding is Gather on ${dtype} ids of any shape and matches embeddingLookup exactly`, async () => {
      store = new ParamStore('t', 1);
      const table = store.create('table', [11, 4], { normal: 1 });
      const ids = Int32Array.from({ length: 3 * 5 }, (_, i) => (i * 7) % 11);
      const want = read(tf.tidy(() => embeddingLookup(table, tf.tensor2d(ids, [3, 5], 'int32'))));
      const g = new GraphBuilder('embedding');
      g.output('y', embeddingLowering.lower(g, g.input('ids', ['batch', 'time'], dtype), { table }, undefined), ['batch', 'time', 4]);
      const data = dtype === 'int32' ? ids : BigInt64Array.from(ids, (v) => BigInt(v));
      const got = await runGraph(g, { ids: { data, dims: [3, 5] } });
      expect([...got.y.dims]).toEqual([3, 5, 4]);
      expect(maxAbsDiff(got.y.data, want.data)).toBeLessThanOrEqual(1e-6);
    });
  }
});
