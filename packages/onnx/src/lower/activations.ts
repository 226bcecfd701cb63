import { activations, ConfigError, Registry } from '@vaekit/core';
import type { GraphBuilder } from '../graph/graph-builder.js';
import { attr } from '../proto/attributes.js';

/** The ONNX form of one activation kind registered in core's `activations` registry. */
export interface ActivationLowering {
  readonly kind: string;
  lower(g: GraphBuilder, x: string): string;
}

/** Activation lowerings by core activation kind. A package that registers an activation registers its lowering here. */
export const activationLowerings = new Registry<ActivationLowering>('activation lowering');

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const unary = (kind: string, opType: string): ActivationLowering => ({ kind, lower: (g, x) => g.op(opType, [x]) });

for (const a of [
  { kind: 'linear', lower: (_g: GraphBuilder, x: string) => x },
  unary('relu', 'Relu'),
  { kind: 'elu', lower: (g: GraphBuilder, x: string) => g.op('Elu', [x], { alpha: attr.float(1) }) },
  { kind: 'leaky-relu', lower: (g: GraphBuilder, x: string) => g.op('LeakyRelu', [x], { alpha: attr.float(0.2) }) },
  unary('sigmoid', 'Sigmoid'),
  unary('tanh', 'Tanh'),
  unary('softplus', 'Softplus'),
  unary('exp', 'Exp'),
  { kind: 'softmax', lower: (g: GraphBuilder, x: string) => g.op('Softmax', [x], { axis: attr.int(-1) }) },
  {
    // opset 17 has no Gelu: the tanh approximation that core uses, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    kind: 'gelu',
    lower(g: GraphBuilder, x: string) {
      const cube = g.op('Mul', [g.op('Mul', [x, x]), x]);
      const inner = g.op('Mul', [g.op('Add', [x, g.op('Mul', [cube, g.floats('gelu/c', [0.044715], [])])]), g.floats('gelu/sqrt_2_over_pi', [SQRT_2_OVER_PI], [])]);
      const half = g.op('Mul', [x, g.floats('gelu/half', [0.5], [])]);
      return g.op('Mul', [half, g.op('Add', [g.op('Tanh', [inner]), g.floats('gelu/one', [1], [])])]);
    },
  },
] satisfies ActivationLowering[]) {
  activationLowerings.register(a);
}

/** Lowers activation `kind`; a kind core knows but ONNX export does not is a ConfigError saying what to register. */
export function lowerActivation(g: GraphBuilder, x: string, kind: string): string {
  activations.get(kind);
  if (!activationLowerings.has(kind)) {
    throw new ConfigError(`ONNX export: the activation "${kind}" has no ONNX lowering`, `register one with activationLowerings.register({ kind: '${kind}', lower(g, x) { … } }) from @vaekit/onnx`);
  }
  return activationLowerings.get(kind).lower(g, x);
}
