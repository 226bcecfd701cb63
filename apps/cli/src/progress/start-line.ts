import type { TrainStartEvent } from '@vaekit/core';

/** "training 900 cells (100 validation), 30 epochs × 8 steps, batch 128, engine wasm, seed 0[, resumed at epoch 4]". */
export function describeStart(e: TrainStartEvent): string {
  const validation = e.validationSamples > 0 ? ` (${e.validationSamples} validation)` : '';
  const resumed = e.resumedFrom ? `, resuming after epoch ${e.resumedFrom.epoch} from ${e.resumedFrom.path}` : '';
  return `training ${e.samples} cells${validation}, ${e.epochs} epochs × ${e.stepsPerEpoch} steps, batch ${e.batchSize}, engine ${e.backend}, seed ${e.seed}${resumed}`;
}
