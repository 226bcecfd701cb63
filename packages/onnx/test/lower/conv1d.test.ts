import * as tf from '@tensorflow/tfjs-core';
import { Conv1d, ParamStore, type Conv1dOptions } from '@vaekit/core';
import { conv1dLowering, GraphBuilder } from '@vaekit/onnx';
import { afterEach, describe, expect, it } from 'vitest';
import { maxAbsDiff, randomizeWeights, read, runGraph, values } from '../helpers.js';

let store: ParamStore;
afterEach(() => store?.dispose());

const CASES: { name: string; k: number; options: Conv1dOptions }[] = [
  { name: "'same', kernel 3", k: 3, options: { padding: 'same' } },
  { name: "'same', even kernel 4", k: 4, options: { padding: 'same' } },
  { name: "'valid', kernel 3", k: 3, options: { padding: 'valid' } },
  { name: "'same', stride 2", k: 3, options: { padding: 'same', stride: 2 } },
  { name: "'valid', stride 2", k: 2, options: { padding: 'valid', stride: 2 } },
  { name: "'same', dilation 2", k: 3, options: { padding: 'same', dilation: 2 } },
  { name: "'valid', dilation 2", k: 3, options: { padding: 'valid', dilation: 2 } },
];

describe('conv1d lowering (Transpose → Conv → Transpose)', () => {
  for (const c of CASES) {
    it(`${c.name}: one graph matches core's Conv1d within 1e-4 at sequence lengths 9 and 12`, async () => {
      store = new ParamStore('t', 1);
      const conv = new Conv1d(store, 'c', 3, 5, c.k, c.options);
      randomizeWeights(store.variables(), 2);
      const g = new GraphBuilder('conv');
      g.output('y', conv1dLowering.lower(g, g.input('x', ['batch', 'time', 3]), conv, undefined), ['batch', 'time_out', 5]);
      for (const t of [9, 12]) {
        const x = values(2 * t * 3, t);
        const want = read(tf.tidy(() => conv.apply(tf.tensor3d(x, [2, t, 3]))));
        const got = await runGraph(g, { x: { data: x, dims: [2, t, 3] } });
        expect([...got.y.dims]).toEqual(want.shape);
        expect(maxAbsDiff(got.y.data, want.data)).toBeLessThanOrEqual(1e-4);
      }
    });
  }
});
