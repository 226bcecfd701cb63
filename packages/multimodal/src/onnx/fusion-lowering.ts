import { Registry } from '@vaekit/core';
import type { GraphBuilder } from '@vaekit/onnx';
import type { ProductOptions } from '../fusion/experts.js';
import type { Fusion } from '../fusion/fusion.js';
import { nonEmptySubsets } from '../fusion/subsets.js';

/** The values a fusion graph reads: per modality the expert's mean and log-variance [batch, D], and the presence mask [batch, M]. */
export interface FusionGraphInputs {
  means: string[];
  logvars: string[];
  mask: string;
}

/** Lowers one fusion kind to plain ONNX arithmetic: returns the posterior's mean and log-variance [batch, D]. */
export interface FusionLowering {
  readonly kind: string;
  lower(fusion: Fusion, g: GraphBuilder, inputs: FusionGraphInputs): { mean: string; logvar: string };
}

/** Fusion lowerings by fusion kind; a package that registers a fusion registers its lowering here. */
export const fusionLowerings = new Registry<FusionLowering>('fusion lowering');

/** Column m of the mask, [batch, 1]. */
function column(g: GraphBuilder, mask: string, m: number): string {
  return g.op('Slice', [mask, g.int64s(`mask/start${m}`, [m]), g.int64s(`mask/end${m}`, [m + 1]), g.int64s('mask/axes', [1])]);
}

/**
 * productOfExperts as a graph: T = Σ wₘ exp(−clip(log σ²ₘ)) + (1 | relu(1 − Σ wₘ)), μ = Σ wₘ Tₘ μₘ / T.
 * `weights` are the [batch, 1] weight columns of the experts. Returns the mean and the precision T.
 */
function lowerProduct(g: GraphBuilder, options: ProductOptions, inputs: FusionGraphInputs, weights: string[]): { mean: string; precision: string } {
  const [lo, hi] = options.logVarRange;
  const bounds = [g.floats('poe/logvar_min', [lo], []), g.floats('poe/logvar_max', [hi], [])];
  let precision = '';
  let weighted = '';
  inputs.means.forEach((mean, m) => {
    const p = g.op('Mul', [g.op('Exp', [g.op('Neg', [g.op('Clip', [inputs.logvars[m], ...bounds])])]), weights[m]]);
    const pm = g.op('Mul', [p, mean]);
    precision = precision ? g.op('Add', [precision, p]) : p;
    weighted = weighted ? g.op('Add', [weighted, pm]) : pm;
  });
  const one = g.floats('poe/one', [1], []);
  const base = options.priorExpert ? one : g.op('Relu', [g.op('Sub', [one, weights.reduce((acc, w) => g.op('Add', [acc, w]))])]);
  const total = g.op('Add', [precision, base]);
  return { mean: g.op('Div', [weighted, total]), precision: total };
}

export const poeLowering: FusionLowering = {
  kind: 'poe',
  lower(fusion, g, inputs) {
    const weights = inputs.means.map((_, m) => column(g, inputs.mask, m));
    const { mean, precision } = lowerProduct(g, fusion.product, inputs, weights);
    return { mean, logvar: g.op('Neg', [g.op('Log', [precision])]) };
  },
};

/**
 * The MoPoE mixture's mean and variance: for every non-empty subset s, valid_s = Πₘ∈s maskₘ and the
 * product over s; π_s = valid_s / max(Σ valid, 1); Var = Σ π_s (σ_s² + (μ_s − mean)²) (+ 1 where nothing is present).
 */
export const mopoeLowering: FusionLowering = {
  kind: 'mopoe',
  lower(fusion, g, inputs) {
    const m = inputs.means.length;
    const columns = inputs.means.map((_, i) => column(g, inputs.mask, i));
    const zero = g.floats('mopoe/zero', [0], []);
    const parts = nonEmptySubsets(m).map((subset) => {
      const weights = columns.map((c, i) => (subset.includes(i) ? c : g.op('Mul', [c, zero])));
      const valid = subset.map((i) => columns[i]).reduce((acc, c) => g.op('Mul', [acc, c]));
      const { mean, precision } = lowerProduct(g, fusion.product, inputs, weights);
      return { valid, mean, variance: g.op('Reciprocal', [precision]) };
    });
    const one = g.floats('mopoe/one', [1], []);
    const count = g.op('Max', [parts.map((p) => p.valid).reduce((acc, v) => g.op('Add', [acc, v])), one]);
    const pis = parts.map((p) => g.op('Div', [p.valid, count]));
    const sum = (values: string[]) => values.reduce((acc, v) => g.op('Add', [acc, v]));
    const mean = sum(parts.map((p, i) => g.op('Mul', [pis[i], p.mean])));
    const spread = sum(parts.map((p, i) => g.op('Mul', [pis[i], g.op('Add', [p.variance, g.op('Pow', [g.op('Sub', [p.mean, mean]), g.floats('mopoe/two', [2], [])])])])));
    const none = g.op('Relu', [g.op('Sub', [one, sum(pis)])]);
    return { mean, logvar: g.op('Log', [g.op('Add', [spread, none])]) };
  },
};

for (const l of [poeLowering, mopoeLowering]) fusionLowerings.register(l);

