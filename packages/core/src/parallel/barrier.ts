/**
 * A reusable barrier for worker threads over a SharedArrayBuffer, with an abort flag so that one
 * failing worker releases the others instead of leaving them blocked forever.
 */

/** Int32 slots of the control block. */
const COUNT = 0;
const GENERATION = 1;
const ABORT = 2;
export const CONTROL_INTS = 4;

/** Thrown in a worker whose barrier was released by another worker's failure. */
export class BarrierAborted extends Error {
  constructor() {
    super('another worker failed; this step was abandoned');
    this.name = 'BarrierAborted';
  }
}

export class Barrier {
  private readonly ctl: Int32Array;
  constructor(
    buffer: SharedArrayBuffer,
    private readonly parties: number,
  ) {
    this.ctl = new Int32Array(buffer, 0, CONTROL_INTS);
  }

  /** Blocks until all `parties` have called wait (in workers only: the main thread must not block). */
  wait(): void {
    const ctl = this.ctl;
    if (Atomics.load(ctl, ABORT) !== 0) throw new BarrierAborted();
    const gen = Atomics.load(ctl, GENERATION);
    if (Atomics.add(ctl, COUNT, 1) === this.parties - 1) {
      Atomics.store(ctl, COUNT, 0);
      Atomics.add(ctl, GENERATION, 1);
      Atomics.notify(ctl, GENERATION);
      return;
    }
    while (Atomics.load(ctl, GENERATION) === gen) {
      Atomics.wait(ctl, GENERATION, gen, 1000);
      if (Atomics.load(ctl, ABORT) !== 0) throw new BarrierAborted();
    }
  }

  /** Releases every waiter with BarrierAborted (after a worker error). */
  abort(): void {
    Atomics.store(this.ctl, ABORT, 1);
    Atomics.add(this.ctl, GENERATION, 1);
    Atomics.notify(this.ctl, GENERATION);
  }

  /** Clears a previous abort so the barrier can be used again (only when no one is waiting). */
  reset(): void {
    Atomics.store(this.ctl, COUNT, 0);
    Atomics.store(this.ctl, ABORT, 0);
  }
}
