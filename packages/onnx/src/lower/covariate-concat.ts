import { attr } from '../proto/attributes.js';
import { layerLowerings, type LayerLowering } from './layer-lowering.js';

export interface CovariateConcatOptions {
  /** The covariate value [B, C] (one-hot float). */
  covariates: string;
  /** Its width C. */
  width: number;
  /** Rank of h: 2 ([B, F]) or 3 ([B, T, F], the covariates repeated over time). */
  rank?: number;
}

/**
 * Core's `concatCovariates(h, c)`: Concat on the last axis; for sequences [B, T, F] the [B, C]
 * covariates are broadcast over time first (Unsqueeze → Expand to [B, T, C]).
 */
export const covariateConcatLowering: LayerLowering<undefined, CovariateConcatOptions> = {
  kind: 'covariate-concat',
  lower(g, h, _layer, { covariates, width, rank = 2 }) {
    if (rank === 2) return g.op('Concat', [h, covariates], { axis: attr.int(-1) });
    const lead = g.op('Slice', [g.op('Shape', [h]), g.int64s('concat/start', [0]), g.int64s('concat/end', [rank - 1])]);
    const shape = g.op('Concat', [lead, g.int64s('concat/width', [width])], { axis: attr.int(0) });
    const axes = Array.from({ length: rank - 2 }, (_, i) => i + 1);
    const expanded = g.op('Expand', [g.op('Unsqueeze', [covariates, g.int64s('concat/axes', axes)]), shape]);
    return g.op('Concat', [h, expanded], { axis: attr.int(-1) });
  },
};

layerLowerings.register(covariateConcatLowering);
