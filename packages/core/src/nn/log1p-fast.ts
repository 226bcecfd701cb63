import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { defineJsKernel, runJsKernel, type JsKernelSpec } from './js-kernel.js';
import { simdKernels } from './simd/instance.js';

const TABLE_SIZE = 4096;
/** log(1 + k) for integer k below TABLE_SIZE. */
const LOG1P_INT: Float64Array = (() => Float64Array.from({ length: TABLE_SIZE }, (_, k) => Math.log1p(k)))();

const LOG1P_KERNEL: JsKernelSpec = {
  name: 'VaekitLog1pFast',
  inputs: ['x'],
  outputShapes: (shapes) => [shapes[0]],
  run([x], [y]) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      const k = v | 0;
      y[i] = k === v && k >= 0 && k < TABLE_SIZE ? LOG1P_INT[k] : Math.log1p(v);
    }
  },
  runHeap(ctx, shapes) {
    const k = simdKernels(ctx.memory);
    if (!k) return false;
    const n = shapes[0].reduce((a, b) => a * b, 1);
    const listP = ctx.scratch(n + 16);
    const [xP] = ctx.inputs;
    const [yP] = ctx.outputs;
    const groups = k.log1p(xP, yP, n, listP);
    const f32 = ctx.f32();
    const list = new Int32Array(ctx.memory.buffer, listP, groups);
    const fix = (i: number) => (f32[(yP >> 2) + i] = Math.log1p(f32[(xP >> 2) + i]));
    // groups with x ≤ −0.99, huge or NaN lanes, and the last n mod 4 elements, in JS
    for (let j = 0; j < groups; j++) for (let i = list[j] >> 2; i < (list[j] >> 2) + 4; i++) fix(i);
    for (let i = n & ~3; i < n; i++) fix(i);
    return true;
  },
};

defineJsKernel(LOG1P_KERNEL);

/**
 * log(1 + x) element-wise, the same values as tf.log1p: SIMD on the wasm backend (relative error
 * ~1e-7, exact-form near 0), elsewhere a table for counts below 4096 and Math.log1p.
 * Its gradient is 1/(1 + x), as tf.log1p's.
 */
export function log1pFast(x: Tensor): Tensor {
  if (x.dtype !== 'float32') return tf.log1p(x);
  const op = tf.customGrad(((v: Tensor, save: (t: Tensor[]) => void) => {
    save([v]);
    return {
      value: runJsKernel(LOG1P_KERNEL.name, { x: v })[0],
      gradFunc: (dy: Tensor, [vs]: Tensor[]) => tf.div(dy, tf.add(vs, 1)),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (v: Tensor) => Tensor;
  return op(x);
}
