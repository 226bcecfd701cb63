import type { TrainEvent } from '@vaekit/core';
import type { OutputStream } from '../io.js';
import type { ProgressRenderer } from './renderer.js';

/** One JSON object per line: core's TrainEvents as they are, and notes as `{ "type": "note", "message" }`. */
export class JsonRenderer implements ProgressRenderer {
  constructor(private readonly out: OutputStream) {}

  event(e: TrainEvent): void {
    this.out.write(`${JSON.stringify(e)}\n`);
  }

  note(line: string): void {
    this.out.write(`${JSON.stringify({ type: 'note', message: line })}\n`);
  }

  stop(): void {}
}
