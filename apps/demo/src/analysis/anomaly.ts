/**
 * Per-cell anomaly scores: the mean squared Pearson residual r = (x − μ) / sqrt(μ + μ²/θ) over a
 * cell's genes under the NB the model decodes for it (μ, θ; Poisson: θ = ∞) — about 1 for a cell
 * the model explains, larger for one it does not — the same score as @vaekit/omics'
 * AnomalyDetector, computed here without TensorFlow.js. Calibrated against the reference scores an
 * export may carry in `manifest.metadata.anomaly`; without them, against the uploaded cells
 * themselves (median and MAD).
 */

/** Reference statistics of scores on held-out normal cells, as written into manifest.metadata.anomaly. */
export interface AnomalyCalibration {
  /** Sorted reference scores (or an evenly spaced subsample of them). */
  reference: number[];
  mean: number;
  sd: number;
  /** Flag cells above this score (the reference's 1 − falsePositiveRate quantile). */
  threshold: number;
  falsePositiveRate: number;
}

export interface AnomalyResult {
  score: Float32Array;
  /** (score − reference mean) / reference SD, or the robust z (median, MAD) when uncalibrated. */
  z: Float32Array;
  /** Fraction of reference cells scoring ≤ this cell (0–1). */
  percentile: Float32Array;
  flagged: Uint8Array;
  threshold: number;
  /** Whether the export carried reference statistics. */
  calibrated: boolean;
}

/** Robust z above which an uncalibrated cell is flagged. */
export const ROBUST_Z_FLAG = 3.5;

/**
 * Scores the `rows` cells of one chunk into `out[offset…]`: `x` are their counts (rows × g), `mean`
 * and (NB/ZINB) `theta` the decoded parameters of the same shape.
 */
export function pearsonResidualScores(x: Float32Array, mean: Float32Array, theta: Float32Array | undefined, rows: number, g: number, out: Float32Array, offset: number): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < g; j++) {
      const k = r * g + j;
      const mu = mean[k];
      const t = theta ? theta[k] : Infinity;
      const v = mu + (Number.isFinite(t) ? (mu * mu) / t : 0);
      const res = (x[k] - mu) / Math.sqrt(Math.max(v, 1e-8));
      s += res * res;
    }
    out[offset + r] = s / g;
  }
}

/** The calibration in an export's metadata, or undefined when it has none (or a malformed one). */
export function readCalibration(metadata: Record<string, unknown> | undefined): AnomalyCalibration | undefined {
  const a = metadata?.anomaly as Partial<AnomalyCalibration> | undefined;
  if (!a || !Array.isArray(a.reference) || a.reference.length < 2) return undefined;
  const reference = a.reference.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((p, q) => p - q);
  const { mean, sd, threshold, falsePositiveRate } = a;
  if (![mean, sd, threshold, falsePositiveRate].every((v) => typeof v === 'number' && Number.isFinite(v)) || !((sd as number) > 0)) return undefined;
  return { reference, mean: mean as number, sd: sd as number, threshold: threshold as number, falsePositiveRate: falsePositiveRate as number };
}

/** z-scores, percentiles and flags for `score`, against the calibration or, without one, against the scores themselves. */
export function calibrateScores(score: Float32Array, calibration: AnomalyCalibration | undefined): AnomalyResult {
  if (calibration) {
    const { reference, mean, sd, threshold } = calibration;
    return {
      score,
      z: score.map((s) => (s - mean) / sd),
      percentile: score.map((s) => upperBound(reference, s) / reference.length),
      flagged: Uint8Array.from(score, (s) => (s > threshold ? 1 : 0)),
      threshold,
      calibrated: true,
    };
  }
  const sorted = Array.from(score).sort((a, b) => a - b);
  const median = quantileSorted(sorted, 0.5);
  const mad = quantileSorted(sorted.map((s) => Math.abs(s - median)).sort((a, b) => a - b), 0.5) * 1.4826;
  const scale = mad > 0 ? mad : 1e-12;
  const threshold = median + ROBUST_Z_FLAG * scale;
  return {
    score,
    z: score.map((s) => (s - median) / scale),
    percentile: score.map((s) => upperBound(sorted, s) / sorted.length),
    flagged: Uint8Array.from(score, (s) => (s > threshold ? 1 : 0)),
    threshold,
    calibrated: false,
  };
}

/** Reference statistics from scores of held-out normal cells (what an exporter writes to metadata.anomaly). */
export function calibrationFromScores(scores: ArrayLike<number>, falsePositiveRate = 0.05, keep = 2000): AnomalyCalibration {
  const sorted = Array.from(scores).sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  const threshold = sorted[Math.min(n - 1, Math.ceil((1 - falsePositiveRate) * n) - 1)];
  const reference = n <= keep ? sorted : Array.from({ length: keep }, (_, i) => sorted[Math.round((i * (n - 1)) / (keep - 1))]);
  return { reference, mean, sd, threshold, falsePositiveRate };
}

/** Number of sorted values ≤ v. */
function upperBound(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function quantileSorted(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
