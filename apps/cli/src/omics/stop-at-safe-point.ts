import type { TrainEvent } from '@vaekit/core';

/**
 * Turns a stop request (the first Ctrl-C) into an abort of training at the next safe point: at
 * once during an epoch (core stops after the current step), but when the request comes after an
 * epoch ended and before its checkpoint was written (validation, checkpointing), only once that
 * checkpoint is written — so the work of a finished epoch is never lost.
 */
export class StopAtSafePoint {
  private readonly controller = new AbortController();
  private requested = false;
  private epochEnded = false;

  /** The signal to give train(). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  request(): void {
    this.requested = true;
    if (!this.epochEnded) this.controller.abort();
  }

  /** Follows the run: call with every training event. */
  observe(e: TrainEvent): void {
    if (e.type === 'epoch') this.epochEnded = true;
    else if (e.type === 'checkpoint' || e.type === 'batch') {
      this.epochEnded = false;
      if (this.requested) this.controller.abort();
    }
  }
}
