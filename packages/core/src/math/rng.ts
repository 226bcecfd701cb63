/**
 * The one seeded pseudo-random generator of vaekit's CPU-side randomness (xoshiro128**, seeded
 * through splitmix32): shuffling and splitting data, simulators, and discrete samplers (Poisson,
 * negative binomial) that run in float64 rather than as tensor ops. Deterministic for a given seed
 * on every platform: integer arithmetic only, plus Math.log/sqrt/cos for the normal deviates. Its
 * whole state is JSON-serialisable, so a training checkpoint can continue the exact sequence.
 */

/** A generator's state: four 32-bit words, plus the pending second normal deviate (or null). */
export type RngState = [number, number, number, number, number | null];

const TWO_32 = 4294967296;

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Seeded generator of uniform and normal deviates. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | undefined;

  /** `seed` may be any finite number; different seeds give independent-looking streams. */
  constructor(seed: number) {
    let state = (Math.floor(seed) ^ Math.floor(seed / TWO_32) ^ Math.floor((seed % 1) * TWO_32)) >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Restores a generator from {@link Rng.getState}'s output. */
  static fromState(state: readonly (number | null)[]): Rng {
    const words = state.slice(0, 4);
    if (state.length !== 5 || words.some((w) => !Number.isInteger(w) || (w as number) < 0 || (w as number) >= TWO_32) || (state[4] !== null && !Number.isFinite(state[4]))) {
      throw new RangeError(`an Rng state is four unsigned 32-bit integers and a number or null, got [${state.join(', ')}]`);
    }
    const r = new Rng(0);
    [r.s0, r.s1, r.s2, r.s3] = words as number[];
    r.spareNormal = state[4] ?? undefined;
    return r;
  }

  /** The current state; JSON-serialisable. */
  getState(): RngState {
    return [this.s0, this.s1, this.s2, this.s3, this.spareNormal ?? null];
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform on (0, 1): never exactly 0, so its log is finite. */
  uniformPositive(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }

  /** Uniform integer in [0, n), without modulo bias (rejection sampling). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_32) throw new RangeError(`int(n) needs 1 <= n <= 2^32, got ${n}`);
    const limit = TWO_32 - (TWO_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: number }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A uniformly random permutation of 0..n-1. */
  permutation(n: number): Uint32Array {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** Standard normal deviate (Box–Muller; the second deviate of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniformPositive()));
    const phi = 2 * Math.PI * this.uniform();
    this.spareNormal = r * Math.sin(phi);
    return r * Math.cos(phi);
  }
}

/** A generator for `seed`, or a randomly seeded one when no seed is given. */
export function rngFromSeed(seed?: number): Rng {
  return new Rng(seed ?? Math.floor(Math.random() * TWO_32));
}
