import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor, Variable } from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';
import { defineJsKernel, runJsKernel, type JsKernelSpec } from './js-kernel.js';
import { simdKernels, type SimdKernels } from './simd/instance.js';

/** Adam hyper-parameters; defaults are tf.train.adam's (epsilon 1e-7 as tfjs, not PyTorch's 1e-8). */
export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * One Adam update of one variable in a single pass: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
 * w ← w − lr·m̂/(√v̂ + ε) with m̂ = m·c1, v̂ = v·c2 (bias corrections passed in as attributes).
 * The same formula as tf.train.adam, which spends about 10 kernels (passes) per variable.
 */
export function adamUpdate(w: Float32Array, g: ArrayLike<number>, m: Float32Array, v: Float32Array, attrs: NamedAttrMap, out?: Float32Array[]): void {
  const lr = attrs.lr as number;
  const b1 = attrs.beta1 as number;
  const b2 = attrs.beta2 as number;
  const eps = attrs.epsilon as number;
  const c1 = attrs.c1 as number;
  const c2 = attrs.c2 as number;
  const [wOut, mOut, vOut] = out ?? [w, m, v];
  const a1 = 1 - b1;
  const a2 = 1 - b2;
  const step = lr * c1;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i];
    const mi = b1 * m[i] + a1 * gi;
    const vi = b2 * v[i] + a2 * gi * gi;
    mOut[i] = mi;
    vOut[i] = vi;
    wOut[i] = w[i] - (step * mi) / (Math.sqrt(vi * c2) + eps);
  }
}

const ADAM_KERNEL: JsKernelSpec = {
  name: 'VaekitAdamUpdate',
  inputs: ['w', 'g', 'm', 'v'],
  outputShapes: (shapes) => [shapes[0], shapes[0], shapes[0]],
  run: (inputs, outputs, _shapes, attrs) => adamUpdate(inputs[0], inputs[1], inputs[2], inputs[3], attrs, outputs),
  runHeap(ctx, shapes, attrs) {
    const k = simdKernels(ctx.memory);
    if (!k) return false;
    const n = shapes[0].reduce((a, b) => a * b, 1);
    const [w, g, m, v] = ctx.inputs;
    const [wOut, mOut, vOut] = ctx.outputs;
    adamUpdateHeap(k, ctx.f32(), [w, g, m, v, wOut, mOut, vOut], n, attrs);
    return true;
  },
};

/**
 * Adam on float32 arrays in a wasm memory (byte offsets wIn, g, mIn, vIn, wOut, mOut, vOut; outputs
 * may alias inputs): the SIMD kernel for the multiple of 4, adamUpdate for the rest.
 */
export function adamUpdateHeap(k: SimdKernels, f32: Float32Array, ptrs: number[], n: number, attrs: NamedAttrMap): void {
  const [w, g, m, v, wOut, mOut, vOut] = ptrs;
  const b1 = attrs.beta1 as number;
  const b2 = attrs.beta2 as number;
  k.adam(w, g, m, v, wOut, mOut, vOut, n, (attrs.lr as number) * (attrs.c1 as number), b1, b2, 1 - b1, 1 - b2, attrs.c2 as number, attrs.epsilon as number);
  const n4 = n & ~3;
  if (n4 < n) {
    const view = (p: number) => f32.subarray((p >> 2) + n4, (p >> 2) + n);
    adamUpdate(view(w), view(g), view(m), view(v), attrs, [view(wOut), view(mOut), view(vOut)]);
  }
}
defineJsKernel(ADAM_KERNEL);

/** Bias-correction factors and hyper-parameters for step t (1-based). */
export function adamAttrs(options: Required<AdamOptions>, t: number): NamedAttrMap {
  return {
    lr: options.learningRate,
    beta1: options.beta1,
    beta2: options.beta2,
    epsilon: options.epsilon,
    c1: 1 / (1 - Math.pow(options.beta1, t)),
    c2: 1 / (1 - Math.pow(options.beta2, t)),
  };
}

/** Fills Adam defaults and validates; throws ConfigError naming the bad field. */
export function parseAdamOptions(options: AdamOptions): Required<AdamOptions> {
  const o = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7, ...options };
  for (const [k, val] of Object.entries(o)) {
    if (typeof val !== 'number' || !Number.isFinite(val) || val < 0) throw new ConfigError(`Adam ${k} must be a finite non-negative number, got ${String(val)}`);
  }
  if (o.beta1 >= 1 || o.beta2 >= 1) throw new ConfigError(`Adam betas must be below 1, got ${o.beta1}, ${o.beta2}`, 'typical values are 0.9 and 0.999');
  return o;
}

/**
 * Adam whose update is one JS pass per variable (FusedAdam.applyGradients), the same maths as
 * tf.train.adam. Each step writes a new tensor for each variable (an in-place write would leave the
 * wasm backend's cached packed weights stale).
 */
export class FusedAdam {
  private readonly options: Required<AdamOptions>;
  private readonly moments = new Map<string, { m: Tensor; v: Tensor }>();
  private t = 0;

  constructor(options: AdamOptions) {
    this.options = parseAdamOptions(options);
  }

  /** Number of updates applied so far. */
  get iterations(): number {
    return this.t;
  }

  /** Applies one update; `grads` holds a gradient for some or all of `variables` (by the same names). */
  applyGradients(variables: Record<string, Variable>, grads: Record<string, Tensor>): void {
    this.t += 1;
    const attrs = adamAttrs(this.options, this.t);
    for (const [name, g] of Object.entries(grads)) {
      const w = variables[name];
      if (!w) throw new ConfigError(`FusedAdam: gradient for unknown variable "${name}"`);
      let state = this.moments.get(name);
      if (!state) {
        state = { m: tf.keep(tf.zerosLike(w)), v: tf.keep(tf.zerosLike(w)) };
        this.moments.set(name, state);
      }
      const [w2, m2, v2] = runJsKernel(ADAM_KERNEL.name, { w, g, m: state.m, v: state.v }, attrs);
      w.assign(w2);
      w2.dispose();
      state.m.dispose();
      state.v.dispose();
      state.m = tf.keep(m2);
      state.v = tf.keep(v2);
    }
  }

  /** Frees the moment estimates. */
  dispose(): void {
    for (const s of this.moments.values()) {
      s.m.dispose();
      s.v.dispose();
    }
    this.moments.clear();
  }
}
