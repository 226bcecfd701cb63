import * as tf from '@tensorflow/tfjs-core';
import type { GradSaveFunc, Tensor } from '@tensorflow/tfjs-core';
import { InputError } from '../errors.js';
import { defineJsKernel, runJsKernel } from './js-kernel.js';
import { NB_SOFTMAX_GRAD_KERNEL, NB_SOFTMAX_KERNEL } from './nb-softmax-kernel.js';

defineJsKernel(NB_SOFTMAX_KERNEL);
defineJsKernel(NB_SOFTMAX_GRAD_KERNEL);

/**
 * log NB(x | μ = exp(logLibrary)·softmax(logits), θ = exp(logTheta)) summed over genes → [B], in
 * one fused kernel instead of the dozens of element-wise kernels the same formula costs when it is
 * written with tfjs ops (lgamma alone is ~20). Under a gradient tape the same pass also produces the
 * gradients (hand-derived, digamma for θ), so the backward is one more pass.
 *
 * Gradients flow to `logits` [B, G] and `logTheta` [G] only: `x` and `logLibrary` are data.
 */
export function nbSoftmaxLogLik(logits: Tensor, x: Tensor, logLibrary: Tensor, logTheta: Tensor): Tensor {
  checkShapes(logits, x, logLibrary, logTheta);
  const lib = logLibrary.rank === 1 ? logLibrary : tf.reshape(logLibrary, [-1]);
  try {
    if (tf.engine().state.gradientDepth === 0) {
      return runJsKernel(NB_SOFTMAX_KERNEL.name, { logits, x, logLibrary: lib, logTheta }, { withGrad: false })[0];
    }
    const forward = (l: Tensor, lt: Tensor, save: GradSaveFunc) => {
      const [ll, gLogits, gTheta] = runJsKernel(NB_SOFTMAX_KERNEL.name, { logits: l, x, logLibrary: lib, logTheta: lt }, { withGrad: true });
      save([gLogits, gTheta]);
      return {
        value: ll,
        gradFunc: (dy: Tensor, saved: Tensor[]) => {
          const [dLogits, dTheta] = runJsKernel(NB_SOFTMAX_GRAD_KERNEL.name, { dy, gLogits: saved[0], gTheta: saved[1] });
          return [dLogits, logTheta.rank === 1 ? dTheta : tf.reshape(dTheta, logTheta.shape)];
        },
      };
    };
    const op = tf.customGrad(forward as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (l: Tensor, lt: Tensor) => Tensor;
    return op(logits, logTheta);
  } finally {
    if (lib !== logLibrary) lib.dispose();
  }
}

function checkShapes(logits: Tensor, x: Tensor, logLibrary: Tensor, logTheta: Tensor): void {
  const [b, g] = logits.shape;
  const ok =
    logits.rank === 2 &&
    x.rank === 2 &&
    x.shape[0] === b &&
    x.shape[1] === g &&
    logLibrary.size === b &&
    logLibrary.shape[0] === b &&
    logTheta.size === g &&
    logTheta.shape[logTheta.rank - 1] === g;
  if (!ok) {
    throw new InputError(
      `nbSoftmaxLogLik: shapes do not fit: logits [${logits.shape}], x [${x.shape}], logLibrary [${logLibrary.shape}], logTheta [${logTheta.shape}]`,
      'pass logits and x as [batch, genes], logLibrary as [batch] or [batch, 1] and logTheta as [genes]',
    );
  }
}
