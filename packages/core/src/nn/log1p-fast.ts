import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { defineJsKernel, runJsKernel, type JsKernelSpec } from './js-kernel.js';

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
};
defineJsKernel(LOG1P_KERNEL);

/**
 * log(1 + x) element-wise, the same values as tf.log1p; non-negative integers (counts) below 4096
 * come from a table, so a count matrix costs one cheap pass instead of a libm call per entry.
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
