import type { TrainEpochEvent, TrainEvent, TrainValidationEvent } from '@vaekit/core';
import { writeLine, type OutputStream } from '../io.js';
import { formatDuration, formatLoss, formatRate } from './format.js';
import type { ProgressRenderer } from './renderer.js';
import { describeStart } from './start-line.js';

/** For logs (CI, pipes): one line when training starts, one per epoch (with its validation loss), warnings, early stopping. */
export class PlainRenderer implements ProgressRenderer {
  private epochs = 0;
  private pending: TrainEpochEvent | undefined;

  constructor(private readonly out: OutputStream) {}

  event(e: TrainEvent): void {
    if (e.type === 'validation' && this.pending?.epoch === e.epoch) {
      this.flush(e);
      return;
    }
    this.flush();
    switch (e.type) {
      case 'start':
        this.epochs = e.epochs;
        writeLine(this.out, describeStart(e));
        break;
      case 'epoch':
        this.pending = e; // printed with its validation loss, which comes next
        break;
      case 'warning':
        writeLine(this.out, `warning: ${e.message}`);
        break;
      case 'early-stop':
        writeLine(this.out, `early stopping after epoch ${e.epoch}: no improvement for ${e.patience} epochs; best validation loss ${formatLoss(e.bestLoss)} at epoch ${e.bestEpoch}`);
        break;
      default:
        break;
    }
  }

  note(line: string): void {
    this.flush();
    writeLine(this.out, line);
  }

  stop(): void {
    this.flush();
  }

  private flush(validation?: TrainValidationEvent): void {
    const e = this.pending;
    if (!e) return;
    this.pending = undefined;
    const width = String(this.epochs).length;
    const val = validation ? `  val ${formatLoss(validation.loss)}${validation.improved ? ' *' : ''}` : '';
    writeLine(
      this.out,
      `epoch ${String(e.epoch).padStart(width)}/${this.epochs}  loss ${formatLoss(e.loss)}${val}  KL weight ${e.beta.toFixed(3)}  ${formatRate(e.samplesPerSecond)} cells/s  ${formatDuration(e.epochMs)}`,
    );
  }
}
