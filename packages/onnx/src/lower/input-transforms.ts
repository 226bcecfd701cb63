import { ConfigError, inputTransforms, Registry } from '@vaekit/core';
import type { GraphBuilder } from '../graph/graph-builder.js';
import { attr } from '../proto/attributes.js';

/** The ONNX form of one input transform registered in core's `inputTransforms`. */
export interface InputTransformLowering {
  readonly kind: string;
  lower(g: GraphBuilder, x: string): string;
}

/** Input-transform lowerings by core transform kind; register yours beside your transform. */
export const inputTransformLowerings = new Registry<InputTransformLowering>('input transform lowering');

const log1p = (g: GraphBuilder, x: string) => g.op('Log', [g.op('Add', [x, g.floats('log1p/one', [1], [])])]);

for (const t of [
  { kind: 'identity', lower: (_g: GraphBuilder, x: string) => x },
  { kind: 'log1p', lower: log1p },
  {
    // log1p(x / max(Σx, 1) · 1e4), as core's LOG1P_CP10K_TARGET
    kind: 'log1p-cp10k',
    lower(g: GraphBuilder, x: string) {
      const total = g.op('Max', [g.op('ReduceSum', [x, g.int64s('cp10k/axes', [-1])], { keepdims: attr.int(1) }), g.floats('cp10k/one', [1], [])]);
      return log1p(g, g.op('Mul', [g.op('Div', [x, total]), g.floats('cp10k/target', [1e4], [])]));
    },
  },
] satisfies InputTransformLowering[]) {
  inputTransformLowerings.register(t);
}

/** Lowers input transform `kind`; a kind without an ONNX lowering is a ConfigError saying what to register. */
export function lowerInputTransform(g: GraphBuilder, x: string, kind: string): string {
  inputTransforms.get(kind);
  if (!inputTransformLowerings.has(kind)) {
    throw new ConfigError(`ONNX export: the input transform "${kind}" has no ONNX lowering`, `register one with inputTransformLowerings.register({ kind: '${kind}', lower(g, x) { … } }) from @vaekit/onnx`);
  }
  return inputTransformLowerings.get(kind).lower(g, x);
}
