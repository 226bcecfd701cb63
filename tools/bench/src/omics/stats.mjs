/** Small summary statistics for the benchmark tables. */

/** Mean and sample standard deviation (n − 1; 0 for a single value) of a list of numbers. */
export function meanSd(values) {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n, values };
}

/** Mean of a typed array or list. */
export function mean(values) {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Seconds since `t0` (a performance.now() reading). */
export const secondsSince = (t0) => (performance.now() - t0) / 1000;
