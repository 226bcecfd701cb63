import type { Tensor } from '@tensorflow/tfjs-core';
import { attr } from '../proto/attributes.js';
import { layerLowerings, type LayerLowering } from './layer-lowering.js';

/** What a dense layer is to ONNX: kernel [in, out] (tfjs layout) and bias [out]. Core's Dense is one. */
export interface DenseLike {
  kernel: Tensor;
  bias: Tensor;
}

export interface DenseLoweringOptions {
  /** 'relu' is fused into core's dense kernel; exported as Gemm → Relu. */
  activation?: 'linear' | 'relu';
  /** Rank of the input: 2 → Gemm(x, W, b) with transB = 0; higher ([B, T, in]) → MatMul + Add. */
  rank?: number;
  /** Prefix of the initializer names. */
  name?: string;
}

/** Dense: Gemm(x, W, b) (transB = 0: tfjs kernels are [in, out]), or MatMul + Add for sequences. */
export const denseLowering: LayerLowering<DenseLike, DenseLoweringOptions | undefined> = {
  kind: 'dense',
  lower(g, x, layer, options = {}) {
    const name = options.name ?? 'dense';
    const w = g.weight(`${name}/kernel`, layer.kernel);
    const b = g.weight(`${name}/bias`, layer.bias);
    const y = (options.rank ?? 2) === 2 ? g.op('Gemm', [x, w, b], { transB: attr.int(0) }) : g.op('Add', [g.op('MatMul', [x, w]), b]);
    return options.activation === 'relu' ? g.op('Relu', [y]) : y;
  },
};

layerLowerings.register(denseLowering);
