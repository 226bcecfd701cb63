import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { ConfigError, InputError } from '../errors.js';
import type { CustomGradientFunc } from '../math/custom-grad.js';
import type { ParamStore } from './params.js';

export type Conv1dPadding = 'same' | 'valid';

export interface Conv1dOptions {
  /** 'same' (output length ⌈T / stride⌉, zeros added as TensorFlow does: the odd one at the end) or 'valid' (no padding). Default 'same'. */
  padding?: Conv1dPadding;
  /** Step between output positions (default 1). */
  stride?: number;
  /** Spacing between kernel taps (default 1). tfjs does not allow stride > 1 together with dilation > 1. */
  dilation?: number;
}

/**
 * A 1-D convolution over time: input [B, T, inputChannels] → [B, T', filters]. The kernel is
 * [kernelSize, inputChannels, filters] (tfjs layout; ONNX Conv takes it transposed as [filters,
 * inputChannels, kernelSize]) and the bias [filters]. The forward pass is `tf.conv1d`; its gradient
 * is that of the same convolution written as shifted slices times the kernel (im2col), because the
 * wasm backend has no Conv2DBackpropFilter kernel.
 */
export class Conv1d {
  readonly kernel: Variable;
  readonly bias: Variable;
  readonly padding: Conv1dPadding;
  readonly stride: number;
  readonly dilation: number;

  constructor(
    store: ParamStore,
    name: string,
    readonly inputChannels: number,
    readonly filters: number,
    readonly kernelSize: number,
    options: Conv1dOptions = {},
  ) {
    this.padding = options.padding ?? 'same';
    this.stride = options.stride ?? 1;
    this.dilation = options.dilation ?? 1;
    for (const [field, v] of Object.entries({ inputChannels, filters, kernelSize, stride: this.stride, dilation: this.dilation })) {
      if (!Number.isInteger(v) || v < 1) throw new ConfigError(`conv1d "${name}": ${field} must be a positive integer, got ${String(v)}`);
    }
    if (this.padding !== 'same' && this.padding !== 'valid') throw new ConfigError(`conv1d "${name}": padding must be "same" or "valid", got ${JSON.stringify(this.padding)}`);
    if (this.stride > 1 && this.dilation > 1) throw new ConfigError(`conv1d "${name}": stride and dilation cannot both be above 1`, 'use one of them (tfjs does not support both)');
    this.kernel = store.create(`${name}/kernel`, [kernelSize, inputChannels, filters], 'glorot-uniform');
    this.bias = store.create(`${name}/bias`, [filters], 'zeros');
  }

  /** Time steps the kernel spans: (kernelSize − 1)·dilation + 1. */
  get span(): number {
    return (this.kernelSize - 1) * this.dilation + 1;
  }

  /** Output length for an input of `t` steps (0 when a 'valid' kernel is longer than the input). */
  outputLength(t: number): number {
    return this.padding === 'same' ? Math.ceil(t / this.stride) : Math.max(0, Math.ceil((t - this.span + 1) / this.stride));
  }

  /** Zeros added before and after the sequence for an input of `t` steps: TensorFlow's 'same' puts the odd one at the end. */
  pads(t: number): [number, number] {
    if (this.padding === 'valid') return [0, 0];
    const total = Math.max((this.outputLength(t) - 1) * this.stride + this.span - t, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  }

  /** conv1d(x) + bias: [B, T, inputChannels] → [B, outputLength(T), filters]. */
  apply(x: Tensor): Tensor {
    if (x.rank !== 3 || x.shape[2] !== this.inputChannels) {
      throw new InputError(`conv1d: input shape [${x.shape}] does not match [batch, time, ${this.inputChannels}]`, 'pass x as [batch, time, channels]');
    }
    if (this.outputLength(x.shape[1] as number) < 1) {
      throw new InputError(`conv1d: ${x.shape[1]} time steps are fewer than the kernel spans (${this.span}) with 'valid' padding`, 'pass longer sequences or use padding "same"');
    }
    const op = tf.customGrad(((xs: Tensor, k: Tensor, b: Tensor, save: (t: Tensor[]) => void) => {
      save([xs, k]);
      return {
        value: tf.tidy(() => tf.add(tf.conv1d(xs as tf.Tensor3D, k as tf.Tensor3D, this.stride, this.padding, 'NWC', this.dilation), b)),
        gradFunc: (dy: Tensor, [sx, sk]: Tensor[]) => this.backward(sx, sk, dy),
      };
    }) as unknown as CustomGradientFunc) as unknown as (x: Tensor, k: Tensor, b: Tensor) => Tensor;
    return op(x, this.kernel, this.bias);
  }

  /** Geometry for an input of `t` steps: output length, zeros before, and the padded length read. */
  private geometry(t: number): { out: number; left: number; length: number } {
    const out = this.outputLength(t);
    const [left, right] = this.pads(t);
    // the last tap reads up to (k−1)·d + out·s (stride-aligned windows): pad past the end if needed
    const length = Math.max(left + t + right, (this.kernelSize - 1) * this.dilation + out * this.stride);
    return { out, left, length };
  }

  /** im2col: the kernelSize shifted (strided) windows of the zero-padded input side by side, [B·out, kernelSize·inputChannels]. */
  private patches(x: Tensor): Tensor {
    return tf.tidy(() => {
      const [b, t] = x.shape as [number, number, number];
      const { out, left, length } = this.geometry(t);
      const padded = tf.pad(x, [[0, 0], [left, length - left - t], [0, 0]]);
      const taps: Tensor[] = [];
      for (let j = 0; j < this.kernelSize; j++) {
        const window = tf.slice(padded, [0, j * this.dilation, 0], [b, out * this.stride, this.inputChannels]);
        taps.push(this.stride === 1 ? window : tf.reshape(tf.slice(tf.reshape(window, [b, out, this.stride, this.inputChannels]), [0, 0, 0, 0], [b, out, 1, this.inputChannels]), [b, out, this.inputChannels]));
      }
      return tf.reshape(tf.concat(taps, -1), [b * out, this.kernelSize * this.inputChannels]);
    });
  }

  /**
   * Gradients of conv1d(x, W) + b from the im2col form y = patches(x)·W₂ + b (W₂ the kernel as
   * [k·in, out]): dW₂ = patchesᵀ·dy, db = Σ dy, and dx scatters dpatches = dy·W₂ᵀ back to the
   * positions each tap read. Plain slice/pad/concat/matMul (transpose first, fast on wasm).
   */
  private backward(x: Tensor, kernel: Tensor, dy: Tensor): Tensor[] {
    return tf.tidy(() => {
      const [b, t] = x.shape as [number, number, number];
      const { out, left, length } = this.geometry(t);
      const kc = this.kernelSize * this.inputChannels;
      const dyFlat = tf.reshape(dy, [b * out, this.filters]);
      const db = tf.sum(dyFlat, 0);
      const dk = tf.reshape(tf.matMul(tf.transpose(this.patches(x)), dyFlat), kernel.shape);
      const dp = tf.reshape(tf.matMul(dyFlat, tf.transpose(tf.reshape(kernel, [kc, this.filters]))), [b, out, this.kernelSize, this.inputChannels]);
      let dPadded: Tensor | undefined;
      for (let j = 0; j < this.kernelSize; j++) {
        let tap = tf.slice(dp, [0, 0, j, 0], [b, out, 1, this.inputChannels]);
        if (this.stride > 1) tap = tf.concat([tap, tf.zeros([b, out, this.stride - 1, this.inputChannels])], 2);
        const spread = tf.reshape(tap, [b, out * this.stride, this.inputChannels]);
        const placed = tf.pad(spread, [[0, 0], [j * this.dilation, length - j * this.dilation - out * this.stride], [0, 0]]);
        dPadded = dPadded ? tf.add(dPadded, placed) : placed;
      }
      const dx = tf.slice(dPadded as Tensor, [0, left, 0], [b, t, this.inputChannels]);
      return [dx, dk, db];
    });
  }
}
