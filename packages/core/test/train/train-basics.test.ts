import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { ArraySource } from '../../src/data/array-source.js';
import type { Batch, DataSource } from '../../src/data/batch.js';
import { ConfigError, InputError } from '../../src/errors.js';
import { deriveSeed } from '../../src/nn/params.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';
import { collect } from '../../src/train/collect.js';
import { evaluateLoss } from '../../src/train/evaluate.js';
import { train } from '../../src/train/train.js';
import { ofType, ppca, ppcaSource } from './helpers.js';
import { LinearGaussianModel } from './linear-gaussian.js';

const dims = { featureDim: ppca.featureDim, latentDim: ppca.latentDim };
const models: LinearGaussianModel[] = [];
function makeModel(options: Partial<ConstructorParameters<typeof LinearGaussianModel>[0]> = {}): LinearGaussianModel {
  const m = new LinearGaussianModel({ ...dims, seed: 3, ...options });
  models.push(m);
  return m;
}
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});

describe('train: fitting', () => {
  it('drives the negative ELBO down to the exact PPCA maximum likelihood (and never below it)', async () => {
    const data = ppcaSource();
    const model = makeModel();
    const events = await collect(train(model, { train: data, validation: data }, { epochs: 120, batchSize: 40, learningRate: 0.01, seed: 1 }));
    const epochs = ofType(events, 'epoch');
    expect(epochs).toHaveLength(120);
    expect(epochs[119].loss).toBeLessThan(epochs[0].loss - 1);
    const final = await evaluateLoss(model, data, { batchSize: 400, samples: 1, seed: 0 });
    // −ELBO ≥ −log-likelihood ≥ the MLE's; a linear encoder can close the gap
    expect(final?.loss).toBeGreaterThan(ppca.mle_nll - 1e-3);
    expect(final?.loss).toBeLessThan(ppca.mle_nll + 0.02);
    const validations = ofType(events, 'validation');
    expect(validations.at(-1)?.loss).toBeCloseTo(final?.loss ?? NaN, 4);
  });
});

/** Wraps a source and records every index list the trainer asks for. */
class SpySource implements DataSource {
  readonly requests: number[][] = [];
  constructor(private readonly inner: DataSource) {}
  get size(): number {
    return this.inner.size;
  }
  batch(indices: ArrayLike<number>): Batch {
    this.requests.push(Array.from(indices));
    return this.inner.batch(indices);
  }
}

describe('train: the event stream', () => {
  it('is cold: nothing runs until subscribe', async () => {
    const model = makeModel();
    const stream = train(model, ppcaSource(40), { epochs: 1, batchSize: 20, seed: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(model.calls).toHaveLength(0);
    await collect(stream);
    expect(model.calls).toHaveLength(2);
  });

  it('reports start, batches, epochs, validation and done with consistent numbers', async () => {
    const model = makeModel();
    const trainData = new SpySource(ppcaSource(100));
    const validation = new ArraySource({ x: Float32Array.from(ppca.x.slice(-50 * ppca.featureDim)), n: 50, featureDim: ppca.featureDim });
    const events = await expectNoTensorLeak(() =>
      collect(train(model, { train: trainData, validation }, { epochs: 3, batchSize: 32, learningRate: 0.01, seed: 4 })),
    );
    expect(events[0]).toMatchObject({
      type: 'start',
      backend: tf.getBackend(),
      samples: 100,
      validationSamples: 50,
      batchSize: 32,
      stepsPerEpoch: 4,
      epochs: 3,
      totalSteps: 12,
      seed: 4,
      startEpoch: 1,
      klSchedule: { kind: 'constant', beta: 1 },
    });
    expect(events.map((e) => e.type)).toEqual([
      'start',
      ...[1, 2, 3].flatMap(() => ['batch', 'batch', 'batch', 'batch', 'epoch', 'validation']),
      'done',
    ]);
    const batches = ofType(events, 'batch');
    expect(batches.map((b) => b.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(batches.map((b) => b.batch)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
    expect(batches.map((b) => b.batchSize)).toEqual([32, 32, 32, 4, 32, 32, 32, 4, 32, 32, 32, 4]);
    for (const b of batches) {
      expect(b.klPerDim).toHaveLength(ppca.latentDim);
      expect(Object.keys(b.terms).sort()).toEqual(['kl', 'reconstruction']);
      expect(b.terms.kl).toBeCloseTo(b.klPerDim[0] + b.klPerDim[1], 4);
      expect(b.loss).toBeCloseTo(b.terms.reconstruction + b.terms.kl, 4); // β = 1, no free bits
      expect(b.gradNorm).toBeGreaterThan(0);
      expect(b.clipped).toBe(false);
      expect(b.samplesPerSecond).toBeGreaterThan(0);
    }
    const epochs = ofType(events, 'epoch');
    epochs.forEach((ep, i) => {
      const mine = batches.slice(4 * i, 4 * i + 4);
      const mean = mine.reduce((s, b) => s + b.loss * b.batchSize, 0) / 100;
      expect(ep.loss).toBeCloseTo(mean, 5);
      expect(ep.steps).toBe(4);
      expect(ep.step).toBe(4 * (i + 1));
      expect(ep.gradNorm.max).toBe(Math.max(...mine.map((b) => b.gradNorm)));
      expect(ep.activeDims).toBe(ep.klPerDim.filter((v) => v > 0.01).length);
    });
    // every epoch visits every row once, in a new order
    const perEpoch = [0, 1, 2].map((i) => trainData.requests.slice(1 + 4 * i, 5 + 4 * i).flat());
    for (const order of perEpoch) expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(perEpoch[0]).not.toEqual(perEpoch[1]);
    const validations = ofType(events, 'validation');
    const done = ofType(events, 'done')[0].summary;
    expect(done).toMatchObject({ epochs: 3, steps: 12, stoppedReason: 'completed', seed: 4, restoredBest: false, checkpoint: null });
    expect(done.finalLoss).toBe(epochs[2].loss);
    expect(done.finalValidationLoss).toBe(validations[2].loss);
    expect(done.bestValidationLoss).toBe(Math.min(...validations.map((v) => v.loss)));
  });

  it('drops the last short batch with dropLast and keeps the row order without shuffle', async () => {
    const model = makeModel();
    const data = new SpySource(ppcaSource(100));
    const events = await collect(train(model, data, { epochs: 2, batchSize: 32, dropLast: true, shuffle: false, seed: 1 }));
    expect(ofType(events, 'batch').map((b) => b.batchSize)).toEqual([32, 32, 32, 32, 32, 32]);
    expect(data.requests.slice(1, 4).flat()).toEqual(Array.from({ length: 96 }, (_, i) => i));
  });

  it('passes β from the schedule, free bits, samples and per-step seeds to the loss; validation uses the real ELBO', async () => {
    const model = makeModel({ monteCarlo: true });
    const validation = ppcaSource(30);
    const events = await collect(
      train(model, { train: ppcaSource(64), validation }, {
        epochs: 2,
        batchSize: 16,
        seed: 9,
        freeBits: 0.25,
        samples: 2,
        validationBatchSize: 20,
        klSchedule: { kind: 'linear', warmupSteps: 6 },
      }),
    );
    const training = model.calls.filter((c) => c.training);
    expect(training).toHaveLength(8);
    const expectedBeta = [1, 2, 3, 4, 5, 6, 6, 6].map((s) => s / 6);
    training.forEach((c, i) => {
      expect(c).toEqual({ beta: expectedBeta[i], freeBits: 0.25, samples: 2, seed: deriveSeed(9, 'step', i + 1), training: true });
    });
    expect(training[5].beta).toBe(1);
    expect(ofType(events, 'batch').map((b) => b.beta)).toEqual(training.map((c) => c.beta));
    const evaluation = model.calls.filter((c) => !c.training);
    expect(evaluation).toHaveLength(4); // two batches of 30 rows, after each of the 2 epochs
    evaluation.forEach((c, i) => {
      expect(c).toEqual({ beta: 1, freeBits: 0, samples: 2, seed: deriveSeed(9, 'validation', i % 2), training: false });
    });
  });

  it("runs the model's validateBatch on the first batch of each source before training (InputError, no step taken)", async () => {
    const bad = Float32Array.from(ppca.x.slice(0, 20 * ppca.featureDim));
    bad[7] = NaN;
    const model = makeModel();
    const nanSource = new ArraySource({ x: bad, n: 20, featureDim: ppca.featureDim, allowNonFinite: true });
    await expect(collect(train(model, nanSource, { epochs: 1, seed: 1 }))).rejects.toThrow(InputError);
    const narrow = new ArraySource({ x: new Float32Array(40), n: 10, featureDim: 4 });
    await expect(collect(train(model, { train: ppcaSource(20), validation: narrow }, { epochs: 1, seed: 1 }))).rejects.toThrow(
      /x has shape \[10, 4\], expected \[B, 5\]/,
    );
    expect(model.calls).toHaveLength(0);
  });

  it('rejects bad options with ConfigError on subscribe', async () => {
    const model = makeModel();
    const data = ppcaSource(20);
    await expect(collect(train(model, data, { epochs: 0 }))).rejects.toThrow(ConfigError);
    await expect(collect(train(model, data, { epochs: 1, learningRate: -1 }))).rejects.toThrow(/learningRate must be a number > 0/);
    await expect(collect(train(model, data, { epochs: 1, earlyStopping: { patience: 2 } }))).rejects.toThrow(/earlyStopping needs validation data/);
    await expect(collect(train(model, data, { epochs: 1, klSchedule: { kind: 'nope' } }))).rejects.toThrow(/Unknown KL schedule kind "nope"/);
    await expect(collect(train(model, data, { epochs: 1, batchSize: 50, dropLast: true }))).rejects.toThrow(/larger than the 20 training samples/);
    expect(model.calls).toHaveLength(0);
  });

  it('reports a warning event when the KL warm-up is longer than the run, and still ends at the target', async () => {
    const model = makeModel();
    const events = await collect(train(model, ppcaSource(40), { epochs: 2, batchSize: 10, seed: 1, klSchedule: { kind: 'linear', warmupEpochs: 400 } }));
    const warnings = ofType(events, 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'kl-schedule' });
    expect(warnings[0].message).toMatch(/shortened to 8 steps/);
    const betas = ofType(events, 'batch').map((b) => b.beta);
    expect(betas.at(-1)).toBe(1);
    expect(betas[3]).toBeCloseTo(0.5, 12);
  });
});

describe('train: determinism', () => {
  const lossesOf = async (seed: number | undefined, options: { shuffle?: boolean } = {}) => {
    const model = makeModel({ monteCarlo: true });
    const events = await collect(train(model, ppcaSource(100), { epochs: 2, batchSize: 20, learningRate: 0.01, seed, ...options }));
    return { losses: ofType(events, 'batch').map((b) => b.loss), seed: ofType(events, 'start')[0].seed };
  };

  it('the same seed gives bitwise-identical losses; another seed gives others', async () => {
    const a = await lossesOf(5);
    const b = await lossesOf(5);
    expect(b.losses).toEqual(a.losses);
    expect(b.losses.every((v, i) => Object.is(v, a.losses[i]))).toBe(true);
    const c = await lossesOf(6);
    expect(c.losses).not.toEqual(a.losses);
    // without shuffling, the seed still reaches the model's sampling through LossOptions.seed
    const d = await lossesOf(5, { shuffle: false });
    const e = await lossesOf(6, { shuffle: false });
    expect(d.losses[0]).not.toBe(e.losses[0]);
  });

  it('draws a seed when none is given, reports it, and that seed reproduces the run', async () => {
    const a = await lossesOf(undefined);
    expect(Number.isInteger(a.seed)).toBe(true);
    const b = await lossesOf(a.seed);
    expect(b.losses).toEqual(a.losses);
  });
});

describe('train: gradients and updates', () => {
  // one full-batch step on 100 rows with Adam's ε = 1000: the first Adam update is then
  // −lr·g/(|g| + ε) element-wise, so the applied gradient can be read off the weight change
  const lr = 10;
  const eps = 1000;
  // Δw is read back as a difference of float32 weights: allow a few ulps of |w| ≤ 2
  const expectUpdate = (actual: number, predicted: number) => expect(Math.abs(actual - predicted)).toBeLessThan(1e-6 + 1e-4 * Math.abs(predicted));
  async function oneStep(clipNorm?: number) {
    const model = makeModel();
    const data = ppcaSource(100);
    const before = model.snapshot().map((a) => Float64Array.from(a));
    // the reference gradient, computed here independently of the trainer
    const batch = data.batch(Array.from({ length: 100 }, (_, i) => i));
    const vars = model.variables();
    const names = Object.keys(vars).sort();
    const { value, grads } = tf.variableGrads(
      () => model.loss(batch, { beta: 1, freeBits: 0, samples: 1, seed: 0, training: true }).loss,
      names.map((n) => vars[n]),
    );
    const g = names.map((n) => Float64Array.from(grads[vars[n].name].dataSync()));
    tf.dispose([value, ...Object.values(grads), batch.x]);
    model.calls.length = 0;
    const events = await collect(train(model, data, { epochs: 1, batchSize: 100, shuffle: false, learningRate: lr, adam: { epsilon: eps }, clipNorm, seed: 1 }));
    const after = model.snapshot().map((a) => Float64Array.from(a));
    const delta = after.map((a, i) => a.map((v, j) => v - before[i][j]));
    return { g, delta, event: ofType(events, 'batch')[0] };
  }
  const norm = (arrays: Float64Array[]) => Math.sqrt(arrays.reduce((s, a) => s + a.reduce((t, v) => t + v * v, 0), 0));

  it('reports the global gradient norm and applies the Adam update of that gradient', async () => {
    const { g, delta, event } = await oneStep();
    const G = norm(g);
    expect(event.gradNorm).toBeCloseTo(G, 3);
    expect(event.clipped).toBe(false);
    g.forEach((gi, i) => gi.forEach((v, j) => expectUpdate(delta[i][j], (-lr * v) / (Math.abs(v) + eps))));
  });

  it('clips the applied gradient to clipNorm (direction kept) and reports the norm before clipping', async () => {
    const { g: g0 } = await oneStep();
    const G = norm(g0);
    const clip = G / 10;
    const { g, delta, event } = await oneStep(clip);
    expect(event.gradNorm).toBeCloseTo(G, 3);
    expect(event.clipped).toBe(true);
    g.forEach((gi, i) =>
      gi.forEach((v, j) => {
        const c = v / 10;
        expectUpdate(delta[i][j], (-lr * c) / (Math.abs(c) + eps));
      }),
    );
    // the update is bounded by lr·clip/ε in norm; the unclipped one is ~10× larger
    expect(norm(delta)).toBeLessThanOrEqual(((lr * clip) / eps) * 1.001);
    expect(norm(delta)).toBeGreaterThan(((lr * clip) / eps) * 0.99);
  });
});
