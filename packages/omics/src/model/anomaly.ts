import { ConfigError } from '@vaekit/core';
import type { CountMatrix } from '../matrix/count-matrix.js';
import type { ScviModel } from './scvi-model.js';

/** Per-cell anomaly scores, calibrated against reference cells the model did not train on. */
export interface AnomalyScores {
  /** Mean squared Pearson residual over genes, per cell. */
  score: Float32Array;
  /** (score − reference mean) / reference SD. */
  z: Float32Array;
  /** Fraction of reference cells with a score ≤ this cell's (empirical percentile, 0–1). */
  percentile: Float32Array;
  /** Cells above the reference quantile 1 − falsePositiveRate. */
  flagged: boolean[];
  /** The score threshold used for flagging. */
  threshold: number;
  /** Per cell, the genes with the largest |residual| (most surprising first). */
  topGenes: string[][];
}

/**
 * Pearson residuals r = (x − μ) / sqrt(μ + μ²/θ) of every cell × gene under the fitted NB (μ, θ
 * from the model at the cell's posterior mean, with its observed library size), aggregated per
 * cell as the mean of r² — about 1 for a cell the model explains, larger for one it does not.
 * A Poisson model has θ = ∞ (variance μ).
 */
export function pearsonResidualScores(model: ScviModel, adata: CountMatrix, options: { topGenes?: number } = {}): { score: Float32Array; topGenes: string[][] } {
  const params = model.likelihoodParameters(adata);
  const source = model.dataSource(adata);
  const { nRows: n, nCols: g } = params.mean;
  const score = new Float32Array(n);
  const top: string[][] = [];
  const keep = options.topGenes ?? 5;
  for (let start = 0; start < n; start += 512) {
    const rows = Array.from({ length: Math.min(512, n - start) }, (_, k) => start + k);
    const b = source.batch(rows);
    const x = b.x.dataSync();
    b.x.dispose();
    b.covariates?.dispose();
    rows.forEach((cell, r) => {
      let s = 0;
      const res: number[] = new Array(g);
      for (let j = 0; j < g; j++) {
        const mu = params.mean.data[cell * g + j];
        const theta = params.theta ? params.theta.data[cell * g + j] : Infinity;
        const v = mu + (Number.isFinite(theta) ? (mu * mu) / theta : 0);
        const rr = (x[r * g + j] - mu) / Math.sqrt(Math.max(v, 1e-8));
        res[j] = rr;
        s += rr * rr;
      }
      score[cell] = s / g;
      top.push(
        res
          .map((v, j) => [Math.abs(v), j] as const)
          .sort((a, c) => c[0] - a[0])
          .slice(0, keep)
          .map(([, j]) => model.genes[j]),
      );
    });
  }
  return { score, topGenes: top };
}

/** Scores query cells against a reference distribution of scores (z-score, empirical percentile, flags at a false-positive rate). */
export class AnomalyDetector {
  private constructor(
    readonly model: ScviModel,
    private readonly reference: Float32Array,
    readonly falsePositiveRate: number,
  ) {}

  /** Calibrates on reference cells held out from training (normal cells of the same kind). */
  static calibrate(model: ScviModel, reference: CountMatrix, options: { falsePositiveRate?: number } = {}): AnomalyDetector {
    const fpr = options.falsePositiveRate ?? 0.05;
    if (!(fpr > 0 && fpr < 1)) throw new ConfigError(`falsePositiveRate must be in (0, 1), got ${fpr}`);
    if (reference.X.nRows < 20) throw new ConfigError(`calibration needs at least 20 reference cells, got ${reference.X.nRows}`, 'hold out more reference cells from training');
    const { score } = pearsonResidualScores(model, reference);
    return new AnomalyDetector(model, Float32Array.from(score).sort(), fpr);
  }

  /** The score above which a cell is flagged: the reference's (1 − FPR) quantile. */
  get threshold(): number {
    const r = this.reference;
    return r[Math.min(r.length - 1, Math.ceil((1 - this.falsePositiveRate) * r.length) - 1)];
  }

  score(query: CountMatrix): AnomalyScores {
    const { score, topGenes } = pearsonResidualScores(this.model, query);
    const r = this.reference;
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, r.length - 1));
    const threshold = this.threshold;
    const z = score.map((s) => (s - mean) / sd);
    const percentile = score.map((s) => upperBound(r, s) / r.length);
    return { score, z, percentile, flagged: Array.from(score, (s) => s > threshold), threshold, topGenes };
  }
}

/** Number of sorted values ≤ v. */
function upperBound(sorted: Float32Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
