import { InputError } from '../errors.js';
import { pairedSamples } from './samples.js';

function pearsonOf(x: Float64Array, y: Float64Array, fn: string): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) {
    throw new InputError(`${fn}: ${sxx === 0 ? 'x' : 'y'} is constant, so the correlation is undefined`, 'check the inputs; a constant sample has no correlation');
  }
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** Ranks 1 … n with ties given their average rank (scipy's `rankdata(method='average')`). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    const rank = (i + j + 1) / 2;
    for (let t = i; t < j; t++) ranks[order[t]] = rank;
    i = j;
  }
  return ranks;
}

/**
 * Pearson's correlation coefficient of paired samples (two-pass, float64). Throws an InputError if
 * either sample is constant (scipy returns NaN there).
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const [a, b] = pairedSamples(x, y, 'pearson');
  return pearsonOf(a, b, 'pearson');
}

/** Spearman's rank correlation: Pearson's r of the average ranks (scipy's `spearmanr`). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const [a, b] = pairedSamples(x, y, 'spearman');
  return pearsonOf(averageRanks(a), averageRanks(b), 'spearman');
}
