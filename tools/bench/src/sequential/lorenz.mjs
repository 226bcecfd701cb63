/**
 * Lorenz benchmark: 30 Poisson neurons driven by a Lorenz attractor (simulateLorenz), 1000 training
 * trials (+ validation) and held-out test trials of 100 bins. Rate R² against the true rates for the
 * state-space VAE and, in the same run, for Gaussian smoothing with its kernel width chosen on the
 * training trials.
 */
import { crossValidatedRidgeR2, gaussianSmooth, rateR2, selectTrials, SequentialVAE, simulateLorenz } from '@vaekit/sequential';
import { trainWithLog } from './train-log.mjs';

const range = (a, b) => Array.from({ length: b - a }, (_, i) => a + i);

export const LORENZ = { neurons: 30, bins: 100, train: 1000, validation: 100, test: 200, seed: 1, smoothingWidths: [1, 2, 3, 4, 5, 6, 8, 10, 12, 15] };

export async function runLorenz({ epochs, log }) {
  const { neurons, bins, train: nTrain, validation: nVal, test: nTest, seed } = LORENZ;
  const sim = simulateLorenz({ trials: nTrain + nVal + nTest, bins, neurons, seed });
  const train = selectTrials(sim.counts, range(0, nTrain));
  const validation = selectTrials(sim.counts, range(nTrain, nTrain + nVal));
  const test = selectTrials(sim.counts, range(nTrain + nVal, nTrain + nVal + nTest));
  const per = bins * neurons;
  const truthTrain = sim.rates.subarray(0, nTrain * per);
  const truthTest = sim.rates.subarray((nTrain + nVal) * per);
  let meanCount = 0;
  for (const v of train.data) meanCount += v;
  meanCount /= train.data.length;

  // baseline: Gaussian smoothing, kernel width chosen on the training trials
  const t0 = performance.now();
  const widthScores = LORENZ.smoothingWidths.map((w) => ({ width: w, rateR2: rateR2(gaussianSmooth(train, w), truthTrain, neurons).mean }));
  const best = widthScores.reduce((a, b) => (b.rateR2 > a.rateR2 ? b : a));
  const smoothing = { kernelWidthBins: best.width, rateR2: rateR2(gaussianSmooth(test, best.width), truthTest, neurons).mean, trainRateR2ByWidth: widthScores, seconds: (performance.now() - t0) / 1000 };
  log(`lorenz smoothing: width ${best.width} bins, test rate R² ${smoothing.rateR2.toFixed(3)}`);

  const modelOptions = { neurons, latentDim: 8, encoder: { kind: 'bigru', config: { units: 32 } }, transition: { kind: 'mlp', config: { hidden: [64] } }, seed };
  const trainOptions = { epochs, batchSize: 64, learningRate: 0.01, klSchedule: { kind: 'linear', warmupEpochs: Math.min(10, epochs) }, earlyStopping: { patience: 15 }, seed };
  const model = SequentialVAE.create(modelOptions);
  const summary = await trainWithLog(model, train, { ...trainOptions, validation }, (m) => log(`lorenz vae ${m}`));
  const rates = model.inferRates(test);
  const vaeR2 = rateR2(rates.data, truthTest, neurons);
  const z = model.latents(test);
  const stateR2 = crossValidatedRidgeR2(z.data, sim.latents.subarray((nTrain + nVal) * bins * 3), { features: model.latentDim, targets: 3, folds: 5 }).r2;
  model.dispose();
  log(`lorenz vae: test rate R² ${vaeR2.mean.toFixed(3)} in ${summary.trainSeconds.toFixed(0)} s`);
  return {
    data: { neurons, bins, trainTrials: nTrain, validationTrials: nVal, testTrials: nTest, meanCountPerBin: meanCount, seed, binTime: 0.01 },
    smoothing,
    vae: {
      rateR2: vaeR2.mean,
      rateR2VarianceWeighted: vaeR2.varianceWeighted,
      latentStateR2: stateR2,
      trainSeconds: summary.trainSeconds,
      epochs: summary.epochs,
      secondsPerEpoch: summary.trainSeconds / summary.epochs,
      stoppedReason: summary.stoppedReason,
      bestValidationLoss: summary.bestValidationLoss,
      model: modelOptions,
      train: trainOptions,
    },
  };
}
