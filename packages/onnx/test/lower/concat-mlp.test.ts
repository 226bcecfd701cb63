import * as tf from '@tensorflow/tfjs-core';
import { concatCovariates, Mlp, ParamStore, parseMlpConfig } from '@vaekit/core';
import { covariateConcatLowering, GraphBuilder, inputTransformLowerings, lowerInputTransform, mlpLowering } from '@vaekit/onnx';
import { inputTransforms } from '@vaekit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { maxAbsDiff, randomizeWeights, read, runGraph, values } from '../helpers.js';

let store: ParamStore | undefined;
afterEach(() => store?.dispose());

const oneHot = (rows: number, width: number) => Float32Array.from({ length: rows * width }, (_, i) => (i % width === Math.floor(i / width) % width ? 1 : 0));

describe('covariate concat, MLP trunk and input transforms', () => {
  it('covariate concat on [B, F] and broadcast over time on [B, T, F] matches concatCovariates exactly', async () => {
    const h2 = values(4 * 3, 1);
    const h3 = values(4 * 5 * 3, 2);
    const c = oneHot(4, 2);
    const want2 = read(tf.tidy(() => concatCovariates(tf.tensor2d(h2, [4, 3]), tf.tensor2d(c, [4, 2]))));
    const want3 = read(tf.tidy(() => concatCovariates(tf.tensor3d(h3, [4, 5, 3]), tf.tensor2d(c, [4, 2]))));
    const g = new GraphBuilder('concat');
    const cov = g.input('c', ['batch', 2]);
    g.output('y2', covariateConcatLowering.lower(g, g.input('h2', ['batch', 3]), undefined, { covariates: cov, width: 2 }), ['batch', 5]);
    g.output('y3', covariateConcatLowering.lower(g, g.input('h3', ['batch', 'time', 3]), undefined, { covariates: cov, width: 2, rank: 3 }), ['batch', 'time', 5]);
    const got = await runGraph(g, { c: { data: c, dims: [4, 2] }, h2: { data: h2, dims: [4, 3] }, h3: { data: h3, dims: [4, 5, 3] } });
    expect([...got.y3.dims]).toEqual([4, 5, 5]);
    expect(maxAbsDiff(got.y2.data, want2.data)).toBe(0);
    expect(maxAbsDiff(got.y3.data, want3.data)).toBe(0);
  });

  const configs = [
    { hidden: [16, 8], activation: 'relu', layerNorm: false, injectCovariates: true, dropout: 0.3 },
    { hidden: [16, 8], activation: 'gelu', layerNorm: true, injectCovariates: false, dropout: 0 },
    { hidden: [12], activation: 'elu', layerNorm: true, injectCovariates: true, dropout: 0 },
  ];
  for (const cfg of configs) {
    it(`MLP trunk ${JSON.stringify(cfg)} with covariates matches Mlp.apply (inference) within 1e-4`, async () => {
      store = new ParamStore('t', 1);
      const mlp = new Mlp(store, parseMlpConfig(cfg, 'test'), 6, 3);
      randomizeWeights(store.variables(), 4);
      const x = values(10 * 6, 5, -2, 2);
      const c = oneHot(10, 3);
      const want = read(tf.tidy(() => mlp.apply(tf.tensor2d(x, [10, 6]), tf.tensor2d(c, [10, 3]), false, 0)));
      const g = new GraphBuilder('mlp');
      g.output('y', mlpLowering.lower(g, g.input('x', ['batch', 6]), mlp, { covariates: g.input('c', ['batch', 3]) }), ['batch', mlp.outputDim]);
      const got = await runGraph(g, { x: { data: x, dims: [10, 6] }, c: { data: c, dims: [10, 3] } });
      expect(maxAbsDiff(got.y.data, want.data)).toBeLessThanOrEqual(1e-4);
    });
  }

  it('every input transform core registers has a lowering that matches it within 1e-4 on counts', async () => {
    expect(inputTransforms.kinds().filter((k) => !inputTransformLowerings.has(k))).toEqual([]);
    const x = Float32Array.from(values(6 * 20, 9, 0, 1), (u, i) => (i % 7 === 0 ? 0 : Math.floor(u ** 3 * 2000)));
    for (const kind of inputTransforms.kinds()) {
      const want = read(tf.tidy(() => inputTransforms.get(kind).apply(tf.tensor2d(x, [6, 20]))));
      const g = new GraphBuilder(kind);
      g.output('y', lowerInputTransform(g, g.input('x', ['batch', 20]), kind), ['batch', 20]);
      const got = await runGraph(g, { x: { data: x, dims: [6, 20] } });
      expect(maxAbsDiff(got.y.data, want.data), kind).toBeLessThanOrEqual(1e-4);
    }
  });
});
