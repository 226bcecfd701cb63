// The model on simulated data with a known answer: Lorenz-driven Poisson spikes.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { crossValidatedRidgeR2, gaussianSmooth, rateR2, selectTrials, SequentialVAE, simulateLorenz } from '@vaekit/sequential';

const NEURONS = 20;
const BINS = 50;
const TRAIN = 200;
const TEST = 50;

describe('Lorenz: 20 neurons, 200 training trials × 50 bins', () => {
  it('recovers the true rates far better than Gaussian smoothing, and its latents carry the Lorenz state', async () => {
    const sim = simulateLorenz({ trials: TRAIN + TEST, bins: BINS, neurons: NEURONS, seed: 1 });
    const ids = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
    const train = selectTrials(sim.counts, ids(0, TRAIN));
    const test = selectTrials(sim.counts, ids(TRAIN, TRAIN + TEST));
    const per = BINS * NEURONS;
    const truthTrain = sim.rates.subarray(0, TRAIN * per);
    const truthTest = sim.rates.subarray(TRAIN * per);
    // baseline: smoothing with the kernel width that is best on the training trials
    const widths = [1, 2, 3, 4, 6, 8];
    const best = widths.reduce((a, b) => (rateR2(gaussianSmooth(train, b), truthTrain, NEURONS).mean > rateR2(gaussianSmooth(train, a), truthTrain, NEURONS).mean ? b : a));
    const smoothing = rateR2(gaussianSmooth(test, best), truthTest, NEURONS).mean;

    const model = SequentialVAE.create({ neurons: NEURONS, latentDim: 4, encoder: { kind: 'bigru', config: { units: 16 } }, transition: { kind: 'mlp', config: { hidden: [32] } }, seed: 1 });
    const before = tf.memory().numTensors;
    await model.fit(train, { epochs: 20, batchSize: 32, learningRate: 0.02, klSchedule: { kind: 'linear', warmupEpochs: 3 }, seed: 2 });
    expect(tf.memory().numTensors).toBe(before);
    const vae = rateR2(model.inferRates(test).data, truthTest, NEURONS).mean;
    expect(vae).toBeGreaterThan(0.75); // measured 0.85 (smoothing 0.44)
    expect(vae).toBeGreaterThan(smoothing + 0.25);

    // the Lorenz state is a linear function of the latents (cross-validated ridge on test trials)
    const z = model.latents(test);
    const state = sim.latents.subarray(TRAIN * BINS * 3);
    const decoded = crossValidatedRidgeR2(z.data, state, { features: 4, targets: 3, folds: 5 });
    expect(decoded.r2).toBeGreaterThan(0.8); // measured 0.92
    model.dispose();
  });
});
