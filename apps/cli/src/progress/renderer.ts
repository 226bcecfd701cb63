import type { TrainEvent } from '@vaekit/core';
import type { CliIo } from '../io.js';
import { JsonRenderer } from './json-renderer.js';
import { PlainRenderer } from './plain-renderer.js';
import { TtyRenderer } from './tty-renderer.js';

/** Draws a training run from its event stream. */
export interface ProgressRenderer {
  /** One event of core's train() stream. */
  event(e: TrainEvent): void;
  /** A line to show without breaking the display (e.g. "stopping after this step…"). */
  note(line: string): void;
  /** Stops drawing; the display is left complete. Safe to call twice. */
  stop(): void;
}

/**
 * `--json`: one JSON event per line on stdout. Otherwise on stderr (stdout stays for results):
 * live progress bars when stderr is a terminal, one plain line per epoch when it is not (CI, pipes).
 */
export function createRenderer(io: CliIo, options: { json: boolean }): ProgressRenderer {
  if (options.json) return new JsonRenderer(io.stdout);
  return io.stderr.isTTY ? new TtyRenderer(io.stderr) : new PlainRenderer(io.stderr);
}
