import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../src/errors.js';
import { readModelDir, writeModelDir } from '../../src/persistence/index.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';
import { collect } from '../../src/train/collect.js';
import type { TrainEvent } from '../../src/train/events.js';
import type { TrainOptions } from '../../src/train/options.js';
import { train } from '../../src/train/train.js';
import { ofType, ppca, ppcaSource } from './helpers.js';
import { LinearGaussianModel } from './linear-gaussian.js';
import { ScriptedModel } from './scripted-model.js';

const dims = { featureDim: ppca.featureDim, latentDim: ppca.latentDim };
const models: LinearGaussianModel[] = [];
function lgModel(seed = 3, latentDim = dims.latentDim): LinearGaussianModel {
  const m = new LinearGaussianModel({ ...dims, latentDim, seed, monteCarlo: true });
  models.push(m);
  return m;
}
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vaekit-ckpt-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const trainData = ppcaSource(60);
const validation = ppcaSource(30);
// everything that carries state across epochs: shuffling, per-step seeds, a warm-up, clipping,
// weight decay, Adam's moments and bias corrections, and the early-stopping best copy
const options = (dir: string): TrainOptions => ({
  epochs: 6,
  batchSize: 16,
  learningRate: 0.02,
  seed: 11,
  samples: 2,
  clipNorm: 5,
  weightDecay: 0.01,
  klSchedule: { kind: 'linear', warmupSteps: 10 },
  earlyStopping: { patience: 10, restoreBest: true },
  checkpoint: { dir, everyEpochs: 1 },
});

describe('train: checkpoints and resume', () => {
  it('a run resumed from its epoch-3 checkpoint repeats the uninterrupted run bit for bit', async () => {
    // A: uninterrupted
    const a = lgModel();
    const eventsA = await collect(train(a, { train: trainData, validation }, options(join(root, 'a'))));
    const lossesA = ofType(eventsA, 'batch').map((b) => b.loss);
    expect(lossesA).toHaveLength(24);

    // B: the same run, stopped after the checkpoint of epoch 3
    const dir = join(root, 'b');
    const b = lgModel();
    const controller = new AbortController();
    const eventsB: TrainEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      train(b, { train: trainData, validation }, { ...options(dir), signal: controller.signal }).subscribe({
        next: (e) => {
          eventsB.push(e);
          if (e.type === 'checkpoint' && e.epoch === 3) controller.abort();
        },
        error: reject,
        complete: resolve,
      });
    });
    expect(eventsB.at(-1)).toMatchObject({ type: 'done', summary: { stoppedReason: 'cancelled', epochs: 3, steps: 12 } });
    expect(ofType(eventsB, 'batch').map((e) => e.loss)).toEqual(lossesA.slice(0, 12));

    // C: a model with other initial weights, resumed from B's checkpoint
    const c = lgModel(77);
    const eventsC = await expectNoTensorLeak(() => collect(train(c, { train: trainData, validation }, { ...options(dir), resumeFrom: dir })));
    expect(eventsC[0]).toMatchObject({ type: 'start', startEpoch: 4, resumedFrom: { path: dir, epoch: 3, step: 12 }, seed: 11 });
    expect(ofType(eventsC, 'warning')).toEqual([]);
    const batchesC = ofType(eventsC, 'batch');
    expect(batchesC.map((e) => e.step)).toEqual([13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(batchesC.map((e) => e.loss)).toEqual(lossesA.slice(12));
    expect(batchesC.map((e) => e.beta)).toEqual(ofType(eventsA, 'batch').slice(12).map((e) => e.beta));
    expect(ofType(eventsC, 'validation').map((v) => v.loss)).toEqual(ofType(eventsA, 'validation').slice(3).map((v) => v.loss));
    const summaryA = ofType(eventsA, 'done')[0].summary;
    const summaryC = ofType(eventsC, 'done')[0].summary;
    expect(summaryC).toMatchObject({
      epochs: 6,
      steps: 24,
      stoppedReason: 'completed',
      bestValidationLoss: summaryA.bestValidationLoss,
      bestEpoch: summaryA.bestEpoch,
      finalLoss: summaryA.finalLoss,
      restoredBest: true,
    });
    // the best weights (restored at the end) are the same too
    expect(c.snapshot()).toEqual(a.snapshot());
  });

  it('carries the early-stopping state over: best epoch, its weights and the patience count', async () => {
    const script = [3, 2, 1, 4, 5, 6, 7, 8, 9]; // best at epoch 3; patience 4 runs out at epoch 7
    const data = ppcaSource(20);
    const opts = (dir: string): TrainOptions => ({
      epochs: 9,
      batchSize: 10,
      learningRate: 0.1,
      seed: 1,
      validationBatchSize: 20,
      earlyStopping: { patience: 4, restoreBest: true },
      checkpoint: { dir },
    });
    const a = new ScriptedModel(script);
    const b = new ScriptedModel(script);
    const c = new ScriptedModel(script, 5);
    try {
      const summaryA = ofType(await collect(train(a, { train: data, validation: data }, opts(join(root, 'sa')))), 'done')[0].summary;
      expect(summaryA).toMatchObject({ epochs: 7, stoppedReason: 'early-stopping', bestEpoch: 3, bestValidationLoss: 1, restoredBest: true });
      expect(a.w.dataSync()[0]).toBe(a.wAtValidation[2]);

      const dir = join(root, 'sb');
      const controller = new AbortController();
      await new Promise<void>((resolve, reject) => {
        train(b, { train: data, validation: data }, { ...opts(dir), signal: controller.signal }).subscribe({
          next: (e) => (e.type === 'checkpoint' && e.epoch === 5 ? controller.abort() : undefined),
          error: reject,
          complete: resolve,
        });
      });
      const eventsC = await collect(train(c, { train: data, validation: data }, { ...opts(dir), resumeFrom: dir }));
      expect(ofType(eventsC, 'validation').map((v) => [v.epoch, v.improved, v.bestEpoch])).toEqual([
        [6, false, 3],
        [7, false, 3],
      ]);
      expect(ofType(eventsC, 'done')[0].summary).toMatchObject({ epochs: 7, stoppedReason: 'early-stopping', bestEpoch: 3, bestValidationLoss: 1 });
      expect(c.w.dataSync()[0]).toBe(a.w.dataSync()[0]);
    } finally {
      [a, b, c].forEach((m) => m.dispose());
    }
  });

  it('writes a model directory: model config, training state, optimizer moments under optimizer/', async () => {
    const dir = join(root, 'format');
    const m = lgModel();
    const events = await collect(train(m, { train: trainData, validation }, { ...options(dir), epochs: 2, checkpoint: { dir, everyEpochs: 5 } }));
    // everyEpochs 5 > epochs: only the last epoch is written
    expect(ofType(events, 'checkpoint')).toEqual([{ type: 'checkpoint', epoch: 2, step: 8, path: dir }]);
    const { manifest, weights } = await readModelDir(dir);
    try {
      expect(manifest.model).toEqual(m.toConfig());
      expect(manifest.training).toMatchObject({
        kind: 'vaekit-training-checkpoint',
        version: 1,
        epoch: 2,
        step: 8,
        seed: 11,
        samples: 60,
        batchSize: 16,
        stepsPerEpoch: 4,
        klSchedule: { kind: 'linear', warmupSteps: 8, requestedWarmupSteps: 10 }, // shortened to the 8-step run
        optimizer: { kind: 'adam', iterations: 8, learningRate: 0.02, weightDecay: 0.01 },
      });
      const names = Object.keys(m.variables()).sort();
      expect(Object.keys(weights).sort()).toEqual(
        [...names, ...names.flatMap((n) => [`optimizer/${n}/m`, `optimizer/${n}/v`]), ...names.map((n) => `training/best/${n}`)].sort(),
      );
    } finally {
      tf.dispose(Object.values(weights));
    }
  });

  it('refuses to resume from a directory that is not a training checkpoint, or into another architecture', async () => {
    const plain = join(root, 'plain');
    const m = lgModel();
    await writeModelDir(plain, { model: m.toConfig() }, m.variables());
    await expect(collect(train(m, trainData, { epochs: 1, resumeFrom: plain }))).rejects.toThrow(/not a usable training checkpoint: its model.json has no "training" object/);
    await expect(collect(train(m, trainData, { epochs: 1, resumeFrom: join(root, 'missing') }))).rejects.toThrow(ModelFormatError);

    const dir = join(root, 'arch');
    await collect(train(m, trainData, { epochs: 1, seed: 1, checkpoint: { dir } }));
    const wider = lgModel(3, 3);
    const before = tf.memory().numTensors;
    await expect(collect(train(wider, trainData, { epochs: 2, resumeFrom: dir }))).rejects.toThrow(/do not fit the model.*mismatched/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
