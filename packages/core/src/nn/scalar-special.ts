/**
 * Scalar log-gamma and digamma in float64 for the JS kernels (TensorFlow.js has neither). Both
 * shift the argument up to z ≥ 10 with the recurrence and then use the Stirling / asymptotic series,
 * accurate to ~1e-12 relative for z > 0.
 */

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const SHIFT_TO = 10;

/** log Γ(z) for z > 0. */
export function lgammaScalar(z: number): number {
  let shift = 0;
  let prod = 1;
  while (z < SHIFT_TO) {
    prod *= z;
    z += 1;
    shift += 1;
  }
  const zi = 1 / z;
  const zi2 = zi * zi;
  const series = zi * (1 / 12 + zi2 * (-1 / 360 + zi2 * (1 / 1260 + zi2 * (-1 / 1680 + zi2 * (1 / 1188)))));
  const stirling = (z - 0.5) * Math.log(z) - z + HALF_LOG_2PI + series;
  return shift > 0 ? stirling - Math.log(prod) : stirling;
}

/** ψ(z) = d/dz log Γ(z) for z > 0. */
export function digammaScalar(z: number): number {
  let acc = 0;
  while (z < SHIFT_TO) {
    acc -= 1 / z;
    z += 1;
  }
  const zi = 1 / z;
  const zi2 = zi * zi;
  const series = zi2 * (1 / 12 - zi2 * (1 / 120 - zi2 * (1 / 252 - zi2 * (1 / 240 - zi2 * (1 / 132)))));
  return acc + Math.log(z) - 0.5 * zi - series;
}

const EXP_TABLE_BITS = 5;
const EXP_STEPS = 1 << EXP_TABLE_BITS; // 32 steps per octave
const EXP_BIAS = 1100; // exponent offset so that the table index stays non-negative
/** 2^(j/32), j = 0 … 31. */
const EXP_FRAC: Float64Array = (() => Float64Array.from({ length: EXP_STEPS }, (_, j) => Math.pow(2, j / EXP_STEPS)))();
/** 2^(k − EXP_BIAS) over float64's exponent range. */
const EXP_POW2: Float64Array = (() => Float64Array.from({ length: 2 * EXP_BIAS }, (_, k) => Math.pow(2, k - EXP_BIAS)))();
const EXP_SCALE = EXP_STEPS / Math.LN2;
const EXP_STEP = Math.LN2 / EXP_STEPS;
const EXP_OFFSET = EXP_BIAS * EXP_STEPS;

/**
 * e^v for v ≤ 709, about 3× faster than Math.exp in V8: e^v = 2^(k/32)·e^r with |r| ≤ ln2/64, the
 * first factor from two tables and e^r from a degree-4 polynomial. Relative error < 2e-12 where
 * the result is a normal float64 (v > −708); subnormal below that, 0 below −745.
 */
export function fastExp(v: number): number {
  if (v < -745) return 0;
  const k = ((v * EXP_SCALE + EXP_OFFSET + 0.5) | 0) - EXP_OFFSET;
  const r = v - k * EXP_STEP;
  const r2 = r * r;
  return (1 + r + r2 * (0.5 + r * (1 / 6) + r2 * (1 / 24))) * EXP_FRAC[k & (EXP_STEPS - 1)] * EXP_POW2[(k >> EXP_TABLE_BITS) + EXP_BIAS];
}

/**
 * log(1 + a/b) for 0 ≤ a ≤ b, without Math.log (several times slower in V8):
 * log(1 + a/b) = 2·atanh(s), s = a/(2b + a) ∈ [0, 1/3], the atanh series to s¹⁹ (in Estrin form),
 * relative error < 2e-11 — relative, so tiny ratios keep their precision (no cancellation).
 */
export function log1pRatio(a: number, b: number): number {
  const s = a / (2 * b + a);
  const s2 = s * s;
  const s4 = s2 * s2;
  const s8 = s4 * s4;
  return 2 * s * (1 + s2 / 3 + s4 * (1 / 5 + s2 / 7) + s8 * (1 / 9 + s2 / 11 + s4 * (1 / 13 + s2 / 15) + s8 * (1 / 17 + s2 / 19)));
}

/** Size of the log k! table: counts below this are looked up, larger ones computed. */
export const LOG_FACTORIAL_TABLE_SIZE = 4096;

/** log k! for k = 0 … LOG_FACTORIAL_TABLE_SIZE − 1 (exact sums of logs, so no series error). */
export const LOG_FACTORIAL: Float64Array = (() => {
  const t = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
  for (let k = 2; k < t.length; k++) t[k] = t[k - 1] + Math.log(k);
  return t;
})();

/** log Γ(x + 1) = log x! for x ≥ 0, from the table when x is a small integer. */
export function logFactorial(x: number): number {
  return x < LOG_FACTORIAL_TABLE_SIZE && x === Math.floor(x) ? LOG_FACTORIAL[x] : lgammaScalar(x + 1);
}
