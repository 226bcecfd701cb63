import type { StepOutcome } from './step.js';

/** Latent dimensions with a mean KL above this many nats count as active. */
export const ACTIVE_DIM_THRESHOLD = 0.01;

/** Accumulates one epoch's step outcomes into batch-size-weighted means. */
export class EpochStats {
  steps = 0;
  rows = 0;
  clippedSteps = 0;
  private lossSum = 0;
  private termSums: Record<string, number> = {};
  private klSums: number[] = [];
  private normSum = 0;
  private normMax = 0;

  add(outcome: StepOutcome, rows: number): void {
    this.steps += 1;
    this.rows += rows;
    this.lossSum += outcome.loss * rows;
    for (const [k, v] of Object.entries(outcome.terms)) this.termSums[k] = (this.termSums[k] ?? 0) + v * rows;
    if (this.klSums.length === 0) this.klSums = new Array<number>(outcome.klPerDim.length).fill(0);
    outcome.klPerDim.forEach((v, i) => (this.klSums[i] += v * rows));
    this.normSum += outcome.gradNorm;
    this.normMax = Math.max(this.normMax, outcome.gradNorm);
    if (outcome.clipped) this.clippedSteps += 1;
  }

  get loss(): number {
    return this.lossSum / this.rows;
  }

  get terms(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(this.termSums)) out[k] = v / this.rows;
    return out;
  }

  get klPerDim(): number[] {
    return this.klSums.map((v) => v / this.rows);
  }

  get activeDims(): number {
    return this.klPerDim.filter((v) => v > ACTIVE_DIM_THRESHOLD).length;
  }

  get gradNorm(): { mean: number; max: number } {
    return { mean: this.steps ? this.normSum / this.steps : 0, max: this.normMax };
  }
}
