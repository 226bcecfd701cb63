/** The four 32-bit words of a {@link SeededRandom}'s state, as saved in a checkpoint. */
export type SeededRandomState = [number, number, number, number];

/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) for shuffling and
 * splitting data. Its whole state is four 32-bit words, so it can be saved in a checkpoint and
 * restored to continue the exact same sequence.
 */
export class SeededRandom {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`SeededRandom needs a finite seed, got ${seed}`);
    // splitmix32 spreads the (possibly small) seed over all four words
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32(); // discard the first outputs, as sfc32 recommends
  }

  /** Restores a generator from {@link SeededRandom.getState}'s output. */
  static fromState(state: readonly number[]): SeededRandom {
    if (state.length !== 4 || state.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
      throw new RangeError(`a SeededRandom state is four unsigned 32-bit integers, got [${state.join(', ')}]`);
    }
    const r = new SeededRandom(0);
    [r.a, r.b, r.c, r.d] = state;
    return r;
  }

  /** The current state (four unsigned 32-bit integers); JSON-serialisable. */
  getState(): SeededRandomState {
    return [this.a, this.b, this.c, this.d];
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    return t >>> 0;
  }

  /** Uniform double in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n), without modulo bias (rejection sampling). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) throw new RangeError(`int(n) needs 1 <= n <= 2^32, got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
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
}
