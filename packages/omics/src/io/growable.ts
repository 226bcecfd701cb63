/** An append-only typed array that doubles its capacity (building CSR arrays of unknown size). */
export class Growable<T extends Int32Array | Float32Array> {
  private buf: T;
  length = 0;

  constructor(private readonly make: (n: number) => T, capacity = 1024) {
    this.buf = make(capacity);
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = this.make(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  /** A right-sized copy of what was pushed. */
  toArray(): T {
    return this.buf.slice(0, this.length) as T;
  }
}
