import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingError } from '../../../src/errors.js';
import { FusedAdam } from '../../../src/nn/fused-adam.js';
import { DataParallelTrainer } from '../../../src/parallel/data-parallel-trainer.js';
import '../../../src/train/register-gradients.js';
import { createReplica } from './tiny-replica.js';

// The workers run the TypeScript sources through tsx (registered by ts-worker.mjs).
const workerScript = new URL('./ts-worker.mjs', import.meta.url);
const execArgv: string[] = [];
const model = { module: new URL('./tiny-replica.ts', import.meta.url).href, config: { seed: 5 } };

/** Deterministic batch: rows × 4 inputs and rows × 2 targets. */
function batch(rows: number, step: number): { x: Float32Array; y: Float32Array } {
  const x = Float32Array.from({ length: rows * 4 }, (_, i) => Math.sin(i * 0.7 + step));
  const y = Float32Array.from({ length: rows * 2 }, (_, i) => Math.cos(i * 1.3 - step));
  return { x, y };
}

describe('DataParallelTrainer', () => {
  let trainer: DataParallelTrainer;
  beforeAll(async () => {
    trainer = await DataParallelTrainer.create({ workers: 2, model, adam: { learningRate: 0.05 }, workerScript, execArgv });
  }, 60_000);
  afterAll(async () => {
    await trainer?.dispose();
  });

  it('takes the same steps as one process on the whole batch (uneven 3 + 2 row split)', async () => {
    // reference: the same replica in this process, full-batch gradient, FusedAdam
    const ref = createReplica(model.config);
    const vars = ref.variables();
    const adam = new FusedAdam({ learningRate: 0.05 });
    const start = trainer.getWeights();
    for (const [name, v] of Object.entries(vars)) expect(Array.from(start[name])).toEqual(Array.from(v.dataSync()));
    for (let step = 0; step < 3; step++) {
      const { x, y } = batch(5, step);
      const got = await trainer.step({ x: { data: x, shape: [5, 4] }, y: { data: y, shape: [5, 2] } }, step);
      const xt = tf.tensor2d(x, [5, 4]);
      const yt = tf.tensor2d(y, [5, 2]);
      const { value, grads } = tf.variableGrads(() => ref.loss({ x: xt, y: yt }, step), Object.values(vars));
      expect(got.applied).toBe(true);
      expect(Math.abs(got.loss - value.dataSync()[0])).toBeLessThan(1e-5);
      const byName: Record<string, tf.Tensor> = {};
      for (const [name, v] of Object.entries(vars)) byName[name] = grads[v.name];
      adam.applyGradients(vars, byName);
      tf.dispose([xt, yt, value, ...Object.values(grads)]);
    }
    const after = trainer.getWeights();
    for (const [name, v] of Object.entries(vars)) {
      const want = v.dataSync();
      after[name].forEach((w, i) => expect(Math.abs(w - want[i]), `${name}[${i}]`).toBeLessThan(1e-5));
      // and training moved it
      expect(Array.from(after[name])).not.toEqual(Array.from(start[name]));
    }
    adam.dispose();
    ref.dispose();
  }, 60_000);

  it('applies no update when the loss is not finite', async () => {
    const before = trainer.getWeights();
    const { x, y } = batch(4, 9);
    y[0] = Number.NaN; // a NaN target makes the loss NaN (a NaN input could be clipped away by relu)
    const r = await trainer.step({ x: { data: x, shape: [4, 4] }, y: { data: y, shape: [4, 2] } }, 9);
    expect(r.applied).toBe(false);
    expect(Number.isFinite(r.loss)).toBe(false);
    const after = trainer.getWeights();
    for (const name of Object.keys(before)) expect(Array.from(after[name])).toEqual(Array.from(before[name]));
  }, 60_000);

  it('setWeights reaches every worker (a step from equal weights gives the reference loss)', async () => {
    const ref = createReplica(model.config);
    const w: Record<string, Float32Array> = {};
    for (const [name, v] of Object.entries(ref.variables())) w[name] = v.dataSync() as Float32Array;
    await trainer.setWeights(w);
    const { x, y } = batch(6, 1);
    const r = await trainer.step({ x: { data: x, shape: [6, 4] }, y: { data: y, shape: [6, 2] } }, 1);
    const xt = tf.tensor2d(x, [6, 4]);
    const yt = tf.tensor2d(y, [6, 2]);
    const l = ref.loss({ x: xt, y: yt }, 1);
    expect(Math.abs(r.loss - l.dataSync()[0])).toBeLessThan(1e-5);
    tf.dispose([xt, yt, l]);
    ref.dispose();
    await expect(trainer.setWeights({ nope: new Float32Array(1) })).rejects.toThrow(/unknown variable/);
  }, 60_000);

  it('passes per-step loss options to the replicas and reports the global gradient norm before clipping', async () => {
    const ref = createReplica(model.config);
    const w: Record<string, Float32Array> = {};
    for (const [name, v] of Object.entries(ref.variables())) w[name] = v.dataSync() as Float32Array;
    await trainer.setWeights(w);
    const { x, y } = batch(7, 3);
    const r = await trainer.step({ x: { data: x, shape: [7, 4] }, y: { data: y, shape: [7, 2] } }, 3, { clipNorm: 1e-3, lossOptions: { weight: 2 } });
    const xt = tf.tensor2d(x, [7, 4]);
    const yt = tf.tensor2d(y, [7, 2]);
    const vars = Object.values(ref.variables());
    const { value, grads } = tf.variableGrads(() => ref.loss({ x: xt, y: yt }, 3, { weight: 2 }), vars);
    const norm = Math.sqrt(Object.values(grads).reduce((s, g) => s + Array.from(g.dataSync()).reduce((a, v) => a + v * v, 0), 0));
    expect(Math.abs(r.loss - value.dataSync()[0])).toBeLessThan(1e-5);
    expect(Math.abs(r.gradNorm - norm) / norm).toBeLessThan(1e-5);
    expect(r.gradNorm).toBeGreaterThan(1e-3); // so the update was clipped
    expect(r.applied).toBe(true);
    tf.dispose([xt, yt, value, ...Object.values(grads)]);
    ref.dispose();
  }, 60_000);

  it('reports a worker that cannot build its replica as a TrainingError', async () => {
    await expect(
      DataParallelTrainer.create({ workers: 2, model: { ...model, export: 'missing' }, adam: { learningRate: 0.01 }, workerScript, execArgv }),
    ).rejects.toThrow(TrainingError);
  }, 60_000);
});
