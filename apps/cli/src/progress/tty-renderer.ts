import type { TrainEvent } from '@vaekit/core';
import cliProgress from 'cli-progress';
import type { OutputStream } from '../io.js';
import { formatLoss, formatRate } from './format.js';
import type { ProgressRenderer } from './renderer.js';
import { describeStart } from './start-line.js';

interface Payload {
  epoch: number;
  epochs: number;
  loss: string;
  val: string;
  beta: string;
  rate: string;
}

/**
 * For a terminal: three live lines drawn with cli-progress — the whole run (steps, epoch, ETA),
 * the current epoch's steps, and the loss line (running mean training loss of the epoch, last
 * validation loss, KL weight β, cells/s). Warnings and notes are printed above them.
 */
export class TtyRenderer implements ProgressRenderer {
  private bars: cliProgress.MultiBar | undefined;
  private run: cliProgress.SingleBar | undefined;
  private epoch: cliProgress.SingleBar | undefined;
  private line: cliProgress.SingleBar | undefined;
  private readonly payload: Payload = { epoch: 0, epochs: 0, loss: '–', val: '–', beta: '–', rate: '–' };
  /** Running sums of the current epoch's loss (weighted by batch size). */
  private lossSum = 0;
  private rows = 0;
  private rate: number | undefined;

  constructor(private readonly out: OutputStream) {}

  event(e: TrainEvent): void {
    switch (e.type) {
      case 'start': {
        this.stop();
        this.payload.epochs = e.epochs;
        this.payload.epoch = e.startEpoch;
        this.bars = new cliProgress.MultiBar(
          { stream: this.out as unknown as NodeJS.WritableStream, fps: 10, barsize: 30, hideCursor: false, clearOnComplete: false, emptyOnZero: true },
          cliProgress.Presets.shades_classic,
        );
        this.bars.log(`${describeStart(e)}\n`);
        this.run = this.bars.create(e.totalSteps, e.resumedFrom?.step ?? 0, this.payload, { format: 'run   {bar} {percentage}% | epoch {epoch}/{epochs} | ETA {eta_formatted}' });
        this.epoch = this.bars.create(e.stepsPerEpoch, 0, this.payload, { format: 'epoch {bar} {value}/{total} steps' });
        this.line = this.bars.create(1, 0, this.payload, { format: 'loss {loss} | val {val} | KL weight {beta} | {rate} cells/s' });
        break;
      }
      case 'batch': {
        if (e.batch === 0) {
          this.lossSum = 0;
          this.rows = 0;
        }
        this.lossSum += e.loss * e.batchSize;
        this.rows += e.batchSize;
        this.rate = this.rate === undefined ? e.samplesPerSecond : 0.8 * this.rate + 0.2 * e.samplesPerSecond;
        Object.assign(this.payload, { epoch: e.epoch, loss: formatLoss(this.lossSum / this.rows), beta: e.beta.toFixed(3), rate: formatRate(this.rate) });
        this.epoch?.update(e.batch + 1, this.payload);
        this.run?.update(e.step, this.payload);
        this.line?.update(0, this.payload);
        break;
      }
      case 'epoch':
        Object.assign(this.payload, { loss: formatLoss(e.loss), rate: formatRate(e.samplesPerSecond) });
        this.line?.update(0, this.payload);
        break;
      case 'validation':
        this.payload.val = `${formatLoss(e.loss)}${e.improved ? ' *' : ''}`;
        this.line?.update(0, this.payload);
        break;
      case 'warning':
        this.note(`warning: ${e.message}`);
        break;
      case 'early-stop':
        this.note(`early stopping after epoch ${e.epoch}: no improvement for ${e.patience} epochs; best validation loss ${formatLoss(e.bestLoss)} at epoch ${e.bestEpoch}`);
        break;
      case 'done':
        this.stop();
        break;
      default:
        break;
    }
  }

  note(line: string): void {
    if (this.bars) {
      this.bars.log(`${line}\n`);
      this.bars.update();
    } else {
      this.out.write(`${line}\n`);
    }
  }

  stop(): void {
    this.bars?.stop();
    this.bars = undefined;
    this.run = this.epoch = this.line = undefined;
  }
}
