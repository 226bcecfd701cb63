import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { lastValueFrom, take } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TrainingError } from '../../src/errors.js';
import { assignWeights, readModelDir } from '../../src/persistence/index.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';
import { collect } from '../../src/train/collect.js';
import type { TrainEvent } from '../../src/train/events.js';
import { train } from '../../src/train/train.js';
import { ofType, ppca, ppcaSource } from './helpers.js';
import { LinearGaussianModel } from './linear-gaussian.js';
import { ScriptedModel } from './scripted-model.js';

const dims = { featureDim: ppca.featureDim, latentDim: ppca.latentDim };
const disposables: { dispose(): void }[] = [];
function lgModel(options: Partial<ConstructorParameters<typeof LinearGaussianModel>[0]> = {}): LinearGaussianModel {
  const m = new LinearGaussianModel({ ...dims, seed: 3, ...options });
  disposables.push(m);
  return m;
}
afterEach(() => {
  for (const d of disposables.splice(0)) d.dispose();
});

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vaekit-train-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('train: early stopping', () => {
  const script = [5, 4, 3, 3.5, 3.25, 2.9375, 1, 1, 1, 1]; // exact in float32

  it('stops after `patience` validations without an improvement > minDelta and restores the best weights', async () => {
    const model = new ScriptedModel(script);
    disposables.push(model);
    const data = ppcaSource(20);
    const events = await collect(
      train(model, { train: data, validation: data }, { epochs: 20, batchSize: 10, learningRate: 0.1, seed: 1, validationBatchSize: 20, earlyStopping: { patience: 3, minDelta: 0.1 } }),
    );
    const validations = ofType(events, 'validation');
    expect(validations.map((v) => v.loss)).toEqual([5, 4, 3, 3.5, 3.25, 2.9375]);
    expect(validations.map((v) => v.improved)).toEqual([true, true, true, false, false, false]);
    expect(ofType(events, 'early-stop')).toEqual([{ type: 'early-stop', epoch: 6, bestEpoch: 3, bestLoss: 3, patience: 3, restoreBest: true }]);
    expect(events.at(-2)?.type).toBe('early-stop');
    const { summary } = ofType(events, 'done')[0];
    expect(summary).toMatchObject({ epochs: 6, steps: 12, stoppedReason: 'early-stopping', bestValidationLoss: 3, bestEpoch: 3, restoredBest: true });
    // w moved at every step; the model now holds w as it was after epoch 3
    expect(model.wAtValidation[2]).not.toBe(model.wAtValidation[5]);
    expect(model.w.dataSync()[0]).toBe(model.wAtValidation[2]);
  });

  it('keeps the last weights with restoreBest: false, and counts any decrease as improvement with minDelta 0', async () => {
    const model = new ScriptedModel(script);
    disposables.push(model);
    const data = ppcaSource(20);
    const events = await collect(
      train(model, { train: data, validation: data }, { epochs: 8, batchSize: 10, seed: 1, validationBatchSize: 20, earlyStopping: { patience: 3, restoreBest: false } }),
    );
    expect(ofType(events, 'early-stop')).toHaveLength(0);
    const { summary } = ofType(events, 'done')[0];
    expect(summary).toMatchObject({ epochs: 8, stoppedReason: 'completed', bestValidationLoss: 1, bestEpoch: 7, restoredBest: false });
    expect(model.w.dataSync()[0]).not.toBe(model.wAtValidation[6]);
  });
});

/** Lets the event loop turn until `done()` or `turns` turns have passed. */
async function turnsUntil(done: () => boolean, turns = 500): Promise<void> {
  for (let i = 0; i < turns && !done(); i++) await new Promise((r) => setImmediate(r));
}

describe('train: cancellation', () => {
  it('stops at the next batch boundary when unsubscribed and frees every tensor it made', async () => {
    const model = lgModel();
    const data = ppcaSource(100);
    const before = tf.memory().numTensors;
    const seen = await lastValueFrom(train(model, data, { epochs: 50, batchSize: 10, seed: 1 }).pipe(take(4)));
    expect(seen).toMatchObject({ type: 'batch', step: 3 }); // take(4): start + 3 batches, then unsubscribe
    await turnsUntil(() => tf.memory().numTensors === before);
    expect(tf.memory().numTensors).toBe(before);
    await turnsUntil(() => false, 50);
    expect(model.calls.filter((c) => c.training)).toHaveLength(3);
  });

  it('with an aborted signal, ends with a done event (stoppedReason cancelled) and frees every tensor', async () => {
    const model = lgModel();
    const controller = new AbortController();
    const events: TrainEvent[] = [];
    await expectNoTensorLeak(() =>
      new Promise<void>((resolve, reject) => {
        train(model, ppcaSource(100), { epochs: 50, batchSize: 10, seed: 1, signal: controller.signal }).subscribe({
          next: (e) => {
            events.push(e);
            if (e.type === 'batch' && e.step === 5) controller.abort();
          },
          error: reject,
          complete: resolve,
        });
      }),
    );
    expect(ofType(events, 'batch')).toHaveLength(5);
    expect(events.at(-1)).toMatchObject({ type: 'done', summary: { stoppedReason: 'cancelled', steps: 5, epochs: 0 } });
  });
});

describe('train: non-finite loss or gradient', () => {
  for (const kind of ['loss', 'gradient'] as const) {
    it(`a non-finite ${kind} at step k ends the stream with a TrainingError naming it; the update is not applied and the last checkpoint loads`, async () => {
      const dir = join(root, `nan-${kind}`);
      const model = lgModel({ poison: { call: 7, kind } });
      model.recordWeights = true;
      const events: TrainEvent[] = [];
      let error: unknown;
      await expectNoTensorLeak(() =>
        new Promise<void>((resolve) => {
          train(model, ppcaSource(40), { epochs: 5, batchSize: 10, learningRate: 0.05, seed: 2, checkpoint: { dir } }).subscribe({
            next: (e) => events.push(e),
            error: (err: unknown) => {
              error = err;
              resolve();
            },
            complete: resolve,
          });
        }),
      );
      expect(error).toBeInstanceOf(TrainingError);
      const err = error as TrainingError;
      expect(err.details).toEqual({ epoch: 2, step: 7, batch: 2, checkpoint: dir });
      expect(err.message).toContain(kind === 'loss' ? 'Non-finite loss (NaN)' : 'Non-finite gradient');
      expect(err.message).toContain('at epoch 2, step 7 (batch 2 of 4 in the epoch)');
      expect(err.hint).toMatch(/lower the learning rate.*clipNorm.*NaN/);
      expect(err.hint).toContain(dir);
      expect(ofType(events, 'batch').map((b) => b.step)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(ofType(events, 'checkpoint')).toEqual([{ type: 'checkpoint', epoch: 1, step: 4, path: dir }]);
      // the weights are those the poisoned step started from
      expect(model.snapshot()).toEqual(model.weightsAtCall[6]);
      // the checkpoint of epoch 1 is intact and holds the weights after step 4
      const { manifest, weights } = await readModelDir(dir);
      expect(manifest.model).toEqual(model.toConfig());
      expect(manifest.training).toMatchObject({ epoch: 1, step: 4 });
      const fresh = lgModel({ seed: 99 });
      const own = Object.fromEntries(Object.keys(fresh.variables()).map((k) => [k, weights[k]]));
      assignWeights(fresh.variables(), own, dir);
      tf.dispose(Object.values(weights));
      expect(fresh.snapshot()).toEqual(model.weightsAtCall[4]);
    });
  }
});
