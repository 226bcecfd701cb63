/**
 * Test helpers for the distribution and math tests: the committed scipy/mpmath fixtures, tolerance
 * checks that report the worst offender, and float64 reference log-pmfs for finite differences.
 */
import '../../src/train/register-gradients.js';
import { readFileSync } from 'node:fs';
import { lgammaNumber } from '../../src/math/lgamma-number.js';

/** A JSON number, or "Infinity" / "-Infinity" / "NaN" as written by the fixture scripts. */
export type FixtureNumber = number | string;

/** Parses a fixture number. */
export function num(v: FixtureNumber): number {
  return typeof v === 'number' ? v : Number(v);
}

/** Reads a JSON fixture from test/fixtures. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** One parameter set of a distribution with its observations and references. */
export interface DistCase {
  name: string;
  params: Record<string, number | number[]>;
  x: number[];
  logProb: FixtureNumber[];
  mean: FixtureNumber | FixtureNumber[];
  variance: FixtureNumber | FixtureNumber[];
  grad: Record<string, FixtureNumber[] | FixtureNumber[][]>;
}

export interface DistributionFixtures {
  normal: DistCase[];
  bernoulli: DistCase[];
  categorical: DistCase[];
  poisson: DistCase[];
  negativeBinomial: DistCase[];
  zinb: DistCase[];
}

/** The worst |a − e| − (rtol·|e| + atol) over the arrays, with where it happened (≤ 0 means all pass). */
export function worstExcess(actual: ArrayLike<number>, expected: readonly number[], rtol: number, atol: number): { excess: number; index: number; actual: number; expected: number; rel: number } {
  let worst = { excess: -Infinity, index: -1, actual: NaN, expected: NaN, rel: 0 };
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const bothInf = !Number.isFinite(e) && a === e;
    const excess = bothInf ? -Infinity : Number.isNaN(a) || (!Number.isFinite(a) && a !== e) ? Infinity : Math.abs(a - e) - (rtol * Math.abs(e) + atol);
    if (excess > worst.excess) worst = { excess, index: i, actual: a, expected: e, rel: Math.abs(a - e) / Math.abs(e) };
  }
  return worst;
}

/** Throws with the worst offender if any |a − e| > rtol·|e| + atol. */
export function expectClose(actual: ArrayLike<number>, expected: readonly number[], rtol: number, atol: number, label: string, where?: (i: number) => string): void {
  if (actual.length !== expected.length) throw new Error(`${label}: ${actual.length} values, expected ${expected.length}`);
  const w = worstExcess(actual, expected, rtol, atol);
  if (w.excess > 0) {
    throw new Error(`${label}: ${w.actual} vs reference ${w.expected} (rel ${w.rel.toExponential(2)}) at ${where ? where(w.index) : `index ${w.index}`}, beyond rtol ${rtol} + atol ${atol}`);
  }
}

// ---------------------------------------------------------------------------------------------
// float64 reference log-densities (plain JS), for central finite differences
// ---------------------------------------------------------------------------------------------

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

function softplus64(v: number): number {
  return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
}

export function normalLogPdf64(x: number, loc: number, scale: number): number {
  const z = (x - loc) / scale;
  return -0.5 * z * z - Math.log(scale) - HALF_LOG_2PI;
}

export function bernoulliLogPmf64(x: number, logit: number): number {
  return -x * softplus64(-logit) - (1 - x) * softplus64(logit);
}

export function poissonLogPmf64(x: number, logRate: number): number {
  return x * logRate - Math.exp(logRate) - lgammaNumber(x + 1);
}

export function nbLogPmf64(x: number, logMu: number, theta: number): number {
  const logTheta = Math.log(theta);
  const logS = Math.max(logTheta, logMu) + Math.log1p(Math.exp(-Math.abs(logTheta - logMu)));
  return lgammaNumber(x + theta) - lgammaNumber(theta) - lgammaNumber(x + 1) + theta * (logTheta - logS) + (x === 0 ? 0 : x * (logMu - logS));
}

export function zinbLogPmf64(x: number, logMu: number, theta: number, gate: number): number {
  const logPi = -softplus64(-gate);
  const logKeep = -softplus64(gate);
  if (x > 0) return logKeep + nbLogPmf64(x, logMu, theta);
  const a = logPi;
  const b = logKeep + nbLogPmf64(0, logMu, theta);
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** Central difference (f(p + h) − f(p − h)) / 2h. */
export function centralDiff(f: (p: number) => number, p: number, h: number): number {
  return (f(p + h) - f(p - h)) / (2 * h);
}

/** Mean and variance (unbiased) of a sample. */
export function sampleMoments(values: ArrayLike<number>): { mean: number; variance: number; m4: number } {
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  const mean = s / n;
  let s2 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    s2 += d * d;
    s4 += d * d * d * d;
  }
  return { mean, variance: s2 / (n - 1), m4: s4 / n };
}

/**
 * Checks a sample's mean and variance against the true ones within `z` standard errors (CLT): the
 * mean's is √(σ²/n), the variance's √((m₄ − σ⁴)/n) with the sample's own fourth central moment.
 */
export function expectMoments(values: ArrayLike<number>, mean: number, variance: number, label: string, z = 5): void {
  const m = sampleMoments(values);
  const n = values.length;
  const seMean = Math.sqrt(variance / n);
  const seVar = Math.sqrt(Math.max(m.m4 - variance * variance, 0) / n);
  if (Math.abs(m.mean - mean) > z * seMean + 1e-12 * Math.abs(mean)) {
    throw new Error(`${label}: sample mean ${m.mean} vs ${mean} (${((m.mean - mean) / seMean).toFixed(2)} standard errors, n = ${n})`);
  }
  if (Math.abs(m.variance - variance) > z * seVar + 1e-12 * variance) {
    throw new Error(`${label}: sample variance ${m.variance} vs ${variance} (${((m.variance - variance) / seVar).toFixed(2)} standard errors, n = ${n})`);
  }
}

/** All cases of one distribution flattened: one entry per observation, with its case's parameters. */
export interface FlatCases {
  x: number[];
  logProb: number[];
  /** params[name][i]: the scalar parameter of observation i's case. */
  params: Record<string, number[]>;
  /** grad[name][i]: d logProb_i / d param (scalar parameters only). */
  grad: Record<string, number[]>;
  /** "case name, x = …" for observation i. */
  where: (i: number) => string;
}

/** Flattens fixture cases with scalar parameters (all but the categorical). */
export function flatten(cases: DistCase[]): FlatCases {
  const out: FlatCases = { x: [], logProb: [], params: {}, grad: {}, where: () => '' };
  const labels: string[] = [];
  for (const c of cases) {
    c.x.forEach((x, i) => {
      out.x.push(x);
      out.logProb.push(num(c.logProb[i]));
      labels.push(`${c.name}, x = ${x}`);
      for (const [k, v] of Object.entries(c.params)) (out.params[k] ??= []).push(v as number);
      for (const [k, g] of Object.entries(c.grad)) (out.grad[k] ??= []).push(num((g as FixtureNumber[])[i]));
    });
  }
  out.where = (i) => labels[i];
  return out;
}
