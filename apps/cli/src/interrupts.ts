import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Ctrl-C handling of a long command. */
export interface Interrupts {
  /** Aborted at the first Ctrl-C. */
  readonly signal: AbortSignal;
  /** Stops listening (the default Ctrl-C behaviour returns). */
  dispose(): void;
}

/**
 * Listens for Ctrl-C: the first one aborts `signal` and calls `first` (the command stops cleanly
 * and saves); the second calls `second` and ends the process at once with exit code 130.
 */
export function listenForInterrupts(io: CliIo, handlers: { first(): void; second?(): void }): Interrupts {
  const controller = new AbortController();
  let count = 0;
  const remove = io.onInterrupt(() => {
    count += 1;
    if (count === 1) {
      controller.abort();
      handlers.first();
    } else {
      handlers.second?.();
      io.exit(EXIT.interrupted);
    }
  });
  return { signal: controller.signal, dispose: remove };
}
