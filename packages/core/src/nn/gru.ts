import * as tf from '@tensorflow/tfjs-core';
import type { GradSaveFunc, Tensor, Variable } from '@tensorflow/tfjs-core';
import { InputError } from '../errors.js';
import type { CustomGradientFunc } from '../math/custom-grad.js';
import { dense } from './dense.js';
import { GRU_BACKWARD_KERNEL, GRU_FORWARD_KERNEL } from './gru-kernel.js';
import { defineJsKernel, runJsKernel } from './js-kernel.js';
import type { ParamStore } from './params.js';

defineJsKernel(GRU_FORWARD_KERNEL);
defineJsKernel(GRU_BACKWARD_KERNEL);

export type GruRecurrentActivation = 'sigmoid' | 'hardSigmoid';

export interface GruOptions {
  /** Gate activation; 'sigmoid' by default ('hardSigmoid' = clip(0.2·a + 0.5, 0, 1), tfjs-layers' default). */
  recurrentActivation?: GruRecurrentActivation;
  /** Process the sequence from its last step to its first; outputs stay in input time order. */
  goBackwards?: boolean;
}

/**
 * A GRU layer, reset_after = false (ONNX linear_before_reset = 0, tfjs-layers' GRU), gate order z, r, h:
 * z = σ(x·Wz + h·Uz + bz), r = σ(x·Wr + h·Ur + br), ĥ = tanh(x·Wh + (r ⊙ h)·Uh + bh),
 * h' = z ⊙ h + (1 − z) ⊙ ĥ.
 *
 * Fast on wasm: x·W + b for every step is one multiply with the fast dense gradient; the recurrence
 * and its backward through time (with the recurrent-weight gradient) are one kernel call each, no
 * per-step tfjs kernels (gru-kernel.ts: f32x4 WebAssembly multiplies when units % 4 = 0).
 */
export class Gru {
  readonly recurrentActivation: GruRecurrentActivation;
  readonly goBackwards: boolean;
  /** [in, 3H], columns z, r, h. */
  readonly kernel: Variable;
  /** [H, 3H], columns z, r, h. */
  readonly recurrentKernel: Variable;
  /** [3H]. */
  readonly bias: Variable;

  constructor(
    store: ParamStore,
    name: string,
    readonly inputDim: number,
    readonly units: number,
    options: GruOptions = {},
  ) {
    if (!(Number.isInteger(inputDim) && inputDim > 0 && Number.isInteger(units) && units > 0)) {
      throw new InputError(`Gru "${name}": inputDim ${inputDim} and units ${units} must be positive integers`, 'pass the input width and the number of units');
    }
    this.recurrentActivation = options.recurrentActivation ?? 'sigmoid';
    this.goBackwards = options.goBackwards ?? false;
    this.kernel = store.create(`${name}/kernel`, [inputDim, 3 * units], 'glorot-uniform');
    this.recurrentKernel = store.create(`${name}/recurrentKernel`, [units, 3 * units], 'glorot-uniform');
    this.bias = store.create(`${name}/bias`, [3 * units], 'zeros');
  }

  /** x [B, T, F] (and an initial state h0 [B, H], zeros by default) → states [B, T, H] in input time order. */
  apply(x: Tensor, h0?: Tensor): Tensor {
    const H = this.units;
    if (x.rank !== 3 || x.shape[2] !== this.inputDim || x.shape[1] === 0) {
      throw new InputError(`Gru: input has shape [${x.shape}], expected [batch, time ≥ 1, ${this.inputDim}]`, 'pass x as [batch, time, features]');
    }
    const batch = x.shape[0];
    if (h0 && (h0.rank !== 2 || h0.shape[0] !== batch || h0.shape[1] !== H)) {
      throw new InputError(`Gru: initial state has shape [${h0.shape}], expected [${batch}, ${H}]`, 'pass h0 as [batch, units]');
    }
    return tf.tidy(() => {
      const xw = dense(x, this.kernel, this.bias);
      const init = h0 ?? tf.zeros([batch, H]);
      return gruRecurrence(xw, this.recurrentKernel, init, this.recurrentActivation === 'hardSigmoid', this.goBackwards);
    });
  }
}

/**
 * The recurrence on precomputed input projections xw [B, T, 3H] with recurrent kernel u [H, 3H]
 * and initial state h0 [B, H] → states [B, T, H]; differentiable in all three.
 */
export function gruRecurrence(xw: Tensor, u: Tensor, h0: Tensor, hard: boolean, backwards: boolean): Tensor {
  const attrs = { hard, backwards };
  if (tf.engine().state.gradientDepth === 0) {
    return runJsKernel(GRU_FORWARD_KERNEL.name, { xw, u, h0 }, { ...attrs, withGates: false })[0];
  }
  const forward = (xwIn: Tensor, uIn: Tensor, h0In: Tensor, save: GradSaveFunc) => {
    const [hs, gates] = runJsKernel(GRU_FORWARD_KERNEL.name, { xw: xwIn, u: uIn, h0: h0In }, { ...attrs, withGates: true });
    save([gates, hs, h0In, uIn]);
    return {
      value: hs,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [g, states, init, rec] = saved;
        const [dxw, dh0, du] = runJsKernel(GRU_BACKWARD_KERNEL.name, { dhs: dy, gates: g, hs: states, h0: init, u: rec }, attrs);
        return [dxw, du, dh0];
      },
    };
  };
  const op = tf.customGrad(forward as unknown as CustomGradientFunc) as unknown as (a: Tensor, b: Tensor, c: Tensor) => Tensor;
  return op(xw, u, h0);
}
