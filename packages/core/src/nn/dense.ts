import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorInfoMap, Tensor, TensorInfo, Variable } from '@tensorflow/tfjs-core';
import { EngineError, InputError } from '../errors.js';
import type { ParamStore } from './params.js';

/** Activations the dense kernel applies inside the matrix multiply (no extra pass over memory). */
export type DenseActivation = 'linear' | 'relu';

const KERNEL = 'VaekitDense';

interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: { disposeData(dataId: object): unknown };
  attrs?: NamedAttrMap;
}

/** Forward for one backend: that backend's own fused multiply (x·W + b, activation) on rank-3 views. */
function forwardFor(backendName: string) {
  const fused = tf.getKernel('_FusedMatMul', backendName);
  const reshape = tf.getKernel('Reshape', backendName);
  if (!fused || !reshape) {
    throw new EngineError(`backend "${backendName}" has no _FusedMatMul/Reshape kernel, which dense needs`, 'use the wasm, cpu or tfjs-node engine');
  }
  const identity = tf.getKernel('Identity', backendName);
  return ({ inputs, backend, attrs }: KernelArgs): TensorInfo => {
    const x = inputs.x as TensorInfo;
    const w = inputs.w as TensorInfo;
    // wasm's fused multiply checks the rank the bias's memory was allocated with, and a reshape view
    // keeps its source's (a variable assigned from tf.gather's output holds a rank-4 allocation):
    // copy such a bias into a rank-1 allocation first.
    let bias = inputs.b as TensorInfo;
    const stored = (backend as { dataIdMap?: { get(id: object): { shape?: number[] } | undefined } }).dataIdMap?.get(bias.dataId)?.shape;
    const copied = stored !== undefined && stored.length !== 1 && identity !== undefined;
    if (copied) bias = identity.kernelFunc({ inputs: { x: bias }, backend, attrs: {} }) as TensorInfo;
    const view = (t: TensorInfo, shape: number[]) => reshape.kernelFunc({ inputs: { x: t }, backend, attrs: { shape } }) as TensorInfo;
    const x3 = view(x, [1, ...x.shape]);
    const w3 = view(w, [1, ...w.shape]);
    const y3 = fused.kernelFunc({
      inputs: { a: x3, b: w3, bias },
      backend,
      attrs: { transposeA: false, transposeB: false, activation: attrs?.activation ?? 'linear', leakyreluAlpha: 0 },
    }) as TensorInfo;
    const y = view(y3, [x.shape[0], w.shape[1]]);
    for (const t of copied ? [x3, w3, y3, bias] : [x3, w3, y3]) backend.disposeData(t.dataId);
    return y;
  };
}

function ensureKernel(): void {
  const backendName = tf.getBackend();
  if (tf.getKernel(KERNEL, backendName) == null) {
    tf.registerKernel({ kernelName: KERNEL, backendName, kernelFunc: forwardFor(backendName) as unknown as tf.KernelFunc });
  }
}

/**
 * dx = g·Wᵀ. On wasm, transposed multiplies run 10–50× slower than plain A·B (FACTS.md), so it
 * transposes first; and XNNPACK re-packs the right operand of every multiply, so when the batch is
 * small next to the layer (rows·(2·out + in) < 2·in·out) it computes dxᵀ = W·gᵀ instead, packing
 * gᵀ (rows × out) rather than Wᵀ (in × out). Other backends multiply with transpose flags natively.
 */
function inputGrad(g: Tensor, w: Tensor, wasm: boolean): Tensor {
  if (!wasm) return tf.matMul(g, w, false, true);
  const rows = g.shape[0] as number;
  const [inDim, outDim] = w.shape as [number, number];
  if (rows * (2 * outDim + inDim) < 2 * inDim * outDim) return tf.transpose(tf.matMul(w, tf.transpose(g)));
  return tf.matMul(g, tf.transpose(w));
}

/** dW = xᵀ·g (transpose first on wasm, as above). */
function kernelGrad(x: Tensor, g: Tensor, wasm: boolean): Tensor {
  return wasm ? tf.matMul(tf.transpose(x), g) : tf.matMul(x, g, true, false);
}

/**
 * The gradient. Each input's gradient is lazy, so the engine skips dx where x is data (the first
 * layer): one multiply of the largest size fewer. The bias gradient is ones[1, B]·dy (a plain
 * multiply) instead of a column sum (a transpose and a reduction on wasm).
 */
tf.registerGradient({
  kernelName: KERNEL,
  inputsToSave: ['x', 'w'],
  outputsToSave: [true],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs?: NamedAttrMap) => {
    const [x, w, y] = saved;
    const d = dy as Tensor;
    const g = attrs?.activation === 'relu' ? tf.mul(d, tf.step(y)) : d;
    const wasm = tf.getBackend() === 'wasm';
    return {
      x: () => inputGrad(g, w, wasm),
      w: () => kernelGrad(x, g, wasm),
      b: () => tf.reshape(tf.matMul(tf.ones([1, g.shape[0] as number]), g), [g.shape[1] as number]),
    };
  },
});

/**
 * activation(x·W + b) with a fast gradient (see above); accepts any leading shape ([B, in] or
 * [B, T, in]). The activation is fused into the multiply.
 */
export function dense(x: Tensor, kernel: Tensor, bias: Tensor, activation: DenseActivation = 'linear'): Tensor {
  if (x.shape[x.rank - 1] !== kernel.shape[0]) {
    throw new InputError(`dense: input width ${x.shape[x.rank - 1]} does not match kernel [${kernel.shape}]`, 'pass x as [..., kernel rows]');
  }
  ensureKernel();
  const run = (x2: Tensor) => tf.engine().runKernel(KERNEL, { x: x2, w: kernel, b: bias }, { activation }) as Tensor;
  if (x.rank === 2) return run(x);
  return tf.tidy(() => {
    const lead = x.shape.slice(0, -1);
    const y = run(tf.reshape(x, [-1, x.shape[x.rank - 1]]));
    return tf.reshape(y, [...lead, kernel.shape[1] as number]);
  });
}

/** A dense layer: kernel [in, out] (tfjs layout, exported to ONNX as Gemm with transB = 0) and bias [out]. */
export class Dense {
  readonly kernel: Variable;
  readonly bias: Variable;
  constructor(
    store: ParamStore,
    name: string,
    readonly inputDim: number,
    readonly outputDim: number,
    init: { bias?: number } = {},
  ) {
    this.kernel = store.create(`${name}/kernel`, [inputDim, outputDim], 'glorot-uniform');
    this.bias = store.create(`${name}/bias`, [outputDim], init.bias ? { constant: init.bias } : 'zeros');
  }

  /** activation(x·W + b); 'relu' is fused into the multiply (one kernel, no extra pass). */
  apply(x: Tensor, activation: DenseActivation = 'linear'): Tensor {
    return dense(x, this.kernel, this.bias, activation);
  }
}
