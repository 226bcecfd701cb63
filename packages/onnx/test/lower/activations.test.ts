import * as tf from '@tensorflow/tfjs-core';
import { activations } from '@vaekit/core';
import { activationLowerings, GraphBuilder, lowerActivation } from '@vaekit/onnx';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff, read, runGraph, values } from '../helpers.js';

const ROWS = 16;
const COLS = 12;

describe('activation lowerings', () => {
  it('every activation core registers has an ONNX lowering', () => {
    expect(activations.kinds().filter((k) => !activationLowerings.has(k))).toEqual([]);
  });

  for (const kind of activations.kinds()) {
    it(`${kind}: ONNX equals tfjs within 1e-4 on [-6, 6)`, async () => {
      const x = values(ROWS * COLS, 11, -6, 6);
      const want = read(tf.tidy(() => activations.get(kind).apply(tf.tensor2d(x, [ROWS, COLS]))));
      const g = new GraphBuilder(kind);
      const input = g.input('x', ['batch', COLS]);
      g.output('y', lowerActivation(g, input, kind), ['batch', COLS]);
      const got = await runGraph(g, { x: { data: x, dims: [ROWS, COLS] } });
      expect([...got.y.dims]).toEqual(want.shape);
      expect(maxAbsDiff(got.y.data, want.data)).toBeLessThanOrEqual(1e-4);
    });
  }

  it('an activation without a lowering is a ConfigError naming it and what to register', () => {
    activations.register({ kind: 'test-swish', apply: (x) => tf.mul(x, tf.sigmoid(x)) });
    const g = new GraphBuilder('t');
    expect(() => lowerActivation(g, g.input('x', ['batch', 2]), 'test-swish')).toThrow(/activation "test-swish" has no ONNX lowering.*activationLowerings\.register/);
  });
});
