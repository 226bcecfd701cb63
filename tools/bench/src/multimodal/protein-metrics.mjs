/** The protein-prediction metric: log-normalised protein, Pearson per protein on held-out cells, median. */
import { pearson } from '@vaekit/core';

/** log1p(count / cell total × 1e4), row-major [n, p] (scanpy normalize_total + log1p). */
export function logNormalize(values, n, p, target = 1e4) {
  const out = new Float32Array(n * p);
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let j = 0; j < p; j++) total += values[i * p + j];
    const scale = total > 0 ? target / total : 0;
    for (let j = 0; j < p; j++) out[i * p + j] = Math.log1p(values[i * p + j] * scale);
  }
  return out;
}

/** Pearson r per protein between predicted and observed [n, p] (NaN where either is constant), and the median over proteins. */
export function proteinCorrelations(predicted, observed, n, p, names) {
  const perProtein = names.map((name, j) => {
    const a = Array.from({ length: n }, (_, i) => predicted[i * p + j]);
    const b = Array.from({ length: n }, (_, i) => observed[i * p + j]);
    let r;
    try {
      r = pearson(a, b);
    } catch {
      r = Number.NaN;
    }
    return { protein: name, r };
  });
  return { medianR: median(perProtein.map((x) => x.r).filter(Number.isFinite)), perProtein };
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}
