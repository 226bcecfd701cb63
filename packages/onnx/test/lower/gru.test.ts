import * as tf from '@tensorflow/tfjs-core';
import { Gru, ParamStore, type GruOptions } from '@vaekit/core';
import { GraphBuilder, gruLowering } from '@vaekit/onnx';
import { afterEach, describe, expect, it } from 'vitest';
import { maxAbsDiff, randomizeWeights, read, runGraph, values } from '../helpers.js';

let store: ParamStore;
afterEach(() => store?.dispose());

const B = 3;
const F = 4;
const H = 6;

describe('GRU lowering (linear_before_reset = 0, layout 0)', () => {
  const cases: { name: string; options: GruOptions; h0: boolean }[] = [
    { name: 'sigmoid gates', options: {}, h0: false },
    { name: 'hardSigmoid gates (HardSigmoid 0.2, 0.5)', options: { recurrentActivation: 'hardSigmoid' }, h0: false },
    { name: 'goBackwards (direction reverse)', options: { goBackwards: true }, h0: false },
    { name: 'initial state h0', options: { recurrentActivation: 'hardSigmoid', goBackwards: true }, h0: true },
  ];
  for (const c of cases) {
    it(`${c.name}: matches core's Gru within 1e-4 at 7 and 2 steps`, async () => {
      store = new ParamStore('t', 1);
      const gru = new Gru(store, 'gru', F, H, c.options);
      randomizeWeights(store.variables(), 3, 0.8);
      const g = new GraphBuilder('gru');
      const h0 = c.h0 ? g.input('h0', ['batch', H]) : undefined;
      g.output('y', gruLowering.lower(g, g.input('x', ['batch', 'time', F]), gru, { h0 }), ['batch', 'time', H]);
      for (const t of [7, 2]) {
        const x = values(B * t * F, t, -2, 2);
        const init = values(B * H, 99);
        const want = read(tf.tidy(() => gru.apply(tf.tensor3d(x, [B, t, F]), c.h0 ? tf.tensor2d(init, [B, H]) : undefined)));
        const got = await runGraph(g, { x: { data: x, dims: [B, t, F] }, ...(c.h0 ? { h0: { data: init, dims: [B, H] } } : {}) });
        expect([...got.y.dims]).toEqual([B, t, H]);
        expect(maxAbsDiff(got.y.data, want.data)).toBeLessThanOrEqual(1e-4);
      }
    });
  }
});
