import { ConfigError, deriveSeed, Rng, samplePoisson } from '@vaekit/core';
import { spikeCounts, type SpikeCounts } from '../data/spike-counts.js';

/** Lorenz system parameters; the standard chaotic ones by default. */
export interface LorenzParams {
  sigma: number;
  rho: number;
  beta: number;
}

export const LORENZ_STANDARD: LorenzParams = { sigma: 10, rho: 28, beta: 8 / 3 };

function derivative(s: Float64Array, out: Float64Array, p: LorenzParams): void {
  const [x, y, z] = [s[0], s[1], s[2]];
  out[0] = p.sigma * (y - x);
  out[1] = x * (p.rho - z) - y;
  out[2] = x * y - p.beta * z;
}

/**
 * Integrates dx/dt = σ(y − x), dy/dt = x(ρ − z) − y, dz/dt = xy − βz in place over `steps` classical
 * Runge–Kutta (RK4) steps of size h (global error O(h⁴)).
 */
export function lorenzRk4(state: Float64Array, steps: number, h: number, p: LorenzParams = LORENZ_STANDARD): Float64Array {
  const k1 = new Float64Array(3);
  const k2 = new Float64Array(3);
  const k3 = new Float64Array(3);
  const k4 = new Float64Array(3);
  const tmp = new Float64Array(3);
  for (let s = 0; s < steps; s++) {
    derivative(state, k1, p);
    for (let i = 0; i < 3; i++) tmp[i] = state[i] + 0.5 * h * k1[i];
    derivative(tmp, k2, p);
    for (let i = 0; i < 3; i++) tmp[i] = state[i] + 0.5 * h * k2[i];
    derivative(tmp, k3, p);
    for (let i = 0; i < 3; i++) tmp[i] = state[i] + h * k3[i];
    derivative(tmp, k4, p);
    for (let i = 0; i < 3; i++) state[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
  return state;
}

export interface LorenzOptions {
  trials: number;
  bins: number;
  neurons: number;
  seed?: number;
  /** Lorenz time per bin; default 0.01 (a 100-bin trial spans one time unit, about 1.5 turns around a wing). */
  binTime?: number;
  /** RK4 steps per bin; default 10 (h = 0.001 by default). */
  stepsPerBin?: number;
  /** Lorenz time integrated from each trial's random start before its first bin; default 5. */
  burnIn?: number;
  /** Range of each neuron's mean count per bin; default [0.3, 1]. */
  meanCount?: [number, number];
  /** Standard deviation of the readout weights W (normal, random sign); default 0.6. */
  weightScale?: number;
  params?: LorenzParams;
}

export interface LorenzData {
  /** Poisson counts [trials, bins, neurons]. */
  counts: SpikeCounts;
  /** True expected counts per bin (the rates) [trials, bins, neurons]. */
  rates: Float32Array;
  /** Normalised Lorenz states [trials, bins, 3] (zero mean, unit variance per dimension). */
  latents: Float32Array;
  /** Readout W [neurons, 3] and bias b [neurons]: log-rate = W·state + b. */
  weights: Float64Array;
  bias: Float64Array;
}

/**
 * Lorenz-driven Poisson spikes (LFADS's synthetic benchmark): each trial starts on the attractor
 * (a random start integrated for `burnIn`), the state is sampled every bin with RK4, the states are
 * normalised per dimension over all trials, and neuron n fires Poisson(exp(W_n·state + b_n)) per bin.
 * W has random sign and magnitude; b is set so that neuron n's mean count per bin is a draw from
 * `meanCount` (exactly, over the simulated data). Deterministic for a seed.
 */
export function simulateLorenz(options: LorenzOptions): LorenzData {
  const { trials, bins, neurons } = options;
  for (const [k, v] of [['trials', trials], ['bins', bins], ['neurons', neurons]] as const) {
    if (!(Number.isInteger(v) && v >= 1)) throw new ConfigError(`simulateLorenz: ${k} must be a positive integer, got ${String(v)}`);
  }
  const seed = options.seed ?? 0;
  const binTime = options.binTime ?? 0.01;
  const stepsPerBin = options.stepsPerBin ?? 10;
  const h = binTime / stepsPerBin;
  const burnSteps = Math.round((options.burnIn ?? 5) / h);
  const [mLo, mHi] = options.meanCount ?? [0.3, 1];
  const p = options.params ?? LORENZ_STANDARD;
  if (!(binTime > 0 && Number.isInteger(stepsPerBin) && stepsPerBin >= 1 && mLo > 0 && mHi >= mLo)) throw new ConfigError('simulateLorenz: binTime > 0, stepsPerBin ≥ 1 and 0 < meanCount[0] ≤ meanCount[1] are required');

  const rng = new Rng(deriveSeed(seed, 'lorenz'));
  const states = new Float64Array(trials * bins * 3);
  const s = new Float64Array(3);
  for (let r = 0; r < trials; r++) {
    s[0] = rng.normal() * 10;
    s[1] = rng.normal() * 10;
    s[2] = 25 + rng.normal() * 10;
    lorenzRk4(s, burnSteps, h, p);
    for (let t = 0; t < bins; t++) {
      states.set(s, (r * bins + t) * 3);
      lorenzRk4(s, stepsPerBin, h, p);
    }
  }
  // normalise each dimension over all trials and bins
  const rows = trials * bins;
  for (let d = 0; d < 3; d++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += states[i * 3 + d];
    mean /= rows;
    let v = 0;
    for (let i = 0; i < rows; i++) v += (states[i * 3 + d] - mean) ** 2;
    const sd = Math.sqrt(v / rows) || 1;
    for (let i = 0; i < rows; i++) states[i * 3 + d] = (states[i * 3 + d] - mean) / sd;
  }
  const wRng = new Rng(deriveSeed(seed, 'readout'));
  const scale = options.weightScale ?? 0.6;
  const weights = Float64Array.from({ length: neurons * 3 }, () => wRng.normal() * scale);
  const bias = new Float64Array(neurons);
  const logits = new Float64Array(rows * neurons);
  for (let n = 0; n < neurons; n++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) {
      const l = weights[n * 3] * states[i * 3] + weights[n * 3 + 1] * states[i * 3 + 1] + weights[n * 3 + 2] * states[i * 3 + 2];
      logits[i * neurons + n] = l;
      mean += Math.exp(l);
    }
    mean /= rows;
    const target = mLo + (mHi - mLo) * wRng.uniform();
    bias[n] = Math.log(target) - Math.log(mean);
  }
  const rates = new Float32Array(rows * neurons);
  const counts = new Float32Array(rows * neurons);
  const sRng = new Rng(deriveSeed(seed, 'spikes'));
  for (let i = 0; i < rows; i++) {
    for (let n = 0; n < neurons; n++) {
      const rate = Math.exp(logits[i * neurons + n] + bias[n]);
      rates[i * neurons + n] = rate;
      counts[i * neurons + n] = samplePoisson(sRng, rate);
    }
  }
  return {
    counts: spikeCounts({ data: counts, trials, bins, neurons }),
    rates,
    latents: Float32Array.from(states),
    weights,
    bias,
  };
}
