/**
 * Hippocampus benchmark (nelpy linear-track recording, 31 units): spike times binned at 100 ms, cut
 * into 5 s windows; 20% of the windows and 8 of the 31 units are held out. The VAE's encoder reads
 * only the held-in units; training windows include every unit. Scored NLB-style: co-smoothing bits
 * per spike on the held-out units of the held-out windows, against the NLB smoothing baseline
 * (Gaussian-smoothed held-in spikes → Poisson GLM per held-out unit, kernel width and penalty chosen
 * by cross-validation on the training windows) in the same run; and position decoding R² from the
 * latents (cross-validated ridge).
 */
import { Rng } from '@vaekit/core';
import {
  binSpikeTimes,
  bitsPerSpike,
  crossValidatedRidgeR2,
  cutSignal,
  cutWindows,
  fitPoissonGlm,
  gaussianSmooth,
  poissonGlmPredict,
  readSpikeTimesCsv,
  readText,
  selectTrials,
  SequentialVAE,
  spikeTimes,
} from '@vaekit/sequential';
import { join } from 'node:path';
import { dataPath } from './data-root.mjs';
import { trainWithLog } from './train-log.mjs';

export const HIPPOCAMPUS = {
  dataset: 'hippocampus_nelpy_linear_track',
  binSize: 0.1,
  windowBins: 50,
  testFraction: 0.2,
  heldOutUnits: 8,
  splitSeed: 0,
  smoothingWidths: [1, 2, 3, 5, 8],
  glmAlphas: [1e-2, 1e-1, 1],
  cvFolds: 3,
  logOffset: 1e-4,
  /** KL weights tried (chosen by validation co-bps). */
  betas: [1, 0.3, 0.1],
};

/** The binned file's bin starts and positions (and its counts, to check our binning against). */
async function readBinnedFile(path) {
  const lines = (await readText(path)).split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0].split(',');
  const units = header.filter((h) => /^u\d+$/.test(h)).length;
  const rows = lines.length - 1;
  const start = new Float64Array(rows);
  const position = new Float32Array(rows * 2);
  const counts = new Float32Array(rows * units);
  for (let r = 0; r < rows; r++) {
    const cells = lines[r + 1].split(',').map(Number);
    start[r] = cells[0];
    position[r * 2] = cells[1];
    position[r * 2 + 1] = cells[2];
    for (let u = 0; u < units; u++) counts[r * units + u] = cells[3 + u];
  }
  return { start, position, counts, units, rows };
}

const permutation = (n, seed) => Array.from(new Rng(seed).permutation(n));

/** Held-out columns of [rows, neurons] data. */
function columns(data, neurons, cols) {
  const rows = data.length / neurons;
  const out = new Float64Array(rows * cols.length);
  for (let i = 0; i < rows; i++) cols.forEach((c, j) => (out[i * cols.length + j] = data[i * neurons + c]));
  return out;
}

/** NLB's smoothing baseline: log(smoothed held-in + offset) → Poisson GLM per held-out unit; returns rates [rows, heldOut]. */
function smoothingPredict(train, test, heldIn, heldOut, width, alpha) {
  const features = (counts) => Float64Array.from(columns(gaussianSmooth(counts, width), counts.neurons, heldIn), (v) => Math.log(v + HIPPOCAMPUS.logOffset));
  const xTrain = features(train);
  const xTest = features(test);
  const out = new Float64Array((test.data.length / test.neurons) * heldOut.length);
  heldOut.forEach((unit, j) => {
    const y = columns(train.data, train.neurons, [unit]);
    const glm = fitPoissonGlm(xTrain, y, heldIn.length, { alpha });
    poissonGlmPredict(glm, xTest).forEach((v, i) => (out[i * heldOut.length + j] = v));
  });
  return out;
}

/** Kernel width and penalty by K-fold co-bps on the training windows, then the test co-bps. */
function smoothingBaseline(train, test, heldIn, heldOut, log) {
  const folds = HIPPOCAMPUS.cvFolds;
  const grid = [];
  for (const width of HIPPOCAMPUS.smoothingWidths) {
    for (const alpha of HIPPOCAMPUS.glmAlphas) {
      let total = 0;
      for (let f = 0; f < folds; f++) {
        const inFold = (i) => i % folds === f;
        const ids = Array.from({ length: train.trials }, (_, i) => i);
        const fit = selectTrials(train, ids.filter((i) => !inFold(i)));
        const val = selectTrials(train, ids.filter(inFold));
        const rates = smoothingPredict(fit, val, heldIn, heldOut, width, alpha);
        total += bitsPerSpike(rates, columns(val.data, val.neurons, heldOut), heldOut.length).bitsPerSpike;
      }
      grid.push({ width, alpha, cvCoBps: total / folds });
    }
  }
  const best = grid.reduce((a, b) => (b.cvCoBps > a.cvCoBps ? b : a));
  log(`hippocampus smoothing: width ${best.width} bins, alpha ${best.alpha} (CV co-bps ${best.cvCoBps.toFixed(4)})`);
  const rates = smoothingPredict(train, test, heldIn, heldOut, best.width, best.alpha);
  const score = bitsPerSpike(rates, columns(test.data, test.neurons, heldOut), heldOut.length);
  return { kernelWidthBins: best.width, glmAlpha: best.alpha, coBps: score.bitsPerSpike, perNeuronCoBps: score.perNeuron, cvGrid: grid };
}

export async function runHippocampus({ epochs, log }) {
  const root = dataPath(HIPPOCAMPUS.dataset);
  const binned = await readBinnedFile(join(root, 'binned_counts_100ms.csv.gz'));
  const start = binned.start[0];
  const end = start + binned.rows * HIPPOCAMPUS.binSize;
  const raw = await readSpikeTimesCsv(join(root, 'spike_times.csv.gz'), { start, end });
  // units in id order (the binned file's u0..u30)
  const spikes = spikeTimes([...raw.units].sort((a, b) => Number(a.id) - Number(b.id)), { start, end });
  const recording = binSpikeTimes(spikes, { binSize: HIPPOCAMPUS.binSize });
  let same = 0;
  for (let i = 0; i < recording.data.length; i++) if (recording.data[i] === binned.counts[i]) same++;
  const binningAgreement = same / recording.data.length;
  log(`hippocampus: ${spikes.units.length} units, ${recording.bins} bins; our binning equals the shipped 100 ms counts in ${(100 * binningAgreement).toFixed(3)}% of entries`);

  const windows = cutWindows(recording, { length: HIPPOCAMPUS.windowBins });
  const position = cutSignal(binned.position.subarray(0, recording.bins * 2), 2, { length: HIPPOCAMPUS.windowBins });
  const order = permutation(windows.trials, HIPPOCAMPUS.splitSeed);
  const nTest = Math.round(windows.trials * HIPPOCAMPUS.testFraction);
  const testIds = order.slice(0, nTest).sort((a, b) => a - b);
  const trainIds = order.slice(nTest).sort((a, b) => a - b);
  const units = windows.neurons;
  const unitOrder = permutation(units, HIPPOCAMPUS.splitSeed + 1);
  const heldOut = unitOrder.slice(0, HIPPOCAMPUS.heldOutUnits).sort((a, b) => a - b);
  const heldIn = unitOrder.slice(HIPPOCAMPUS.heldOutUnits).sort((a, b) => a - b);
  const train = selectTrials(windows, trainIds);
  const test = selectTrials(windows, testIds);
  const heldOutSpikes = columns(test.data, units, heldOut);

  const t0 = performance.now();
  const smoothing = { ...smoothingBaseline(train, test, heldIn, heldOut, log), seconds: (performance.now() - t0) / 1000 };
  log(`hippocampus smoothing co-bps ${smoothing.coBps.toFixed(4)}`);

  const modelOptions = {
    neurons: units,
    latentDim: 8,
    heldInNeurons: heldIn,
    encoder: { kind: 'bigru', config: { units: 32 } },
    transition: { kind: 'mlp', config: { hidden: [64] } },
    neuronIds: windows.neuronIds,
    binSize: HIPPOCAMPUS.binSize,
    seed: 1,
  };
  // The KL weight after warm-up is chosen by co-bps on validation windows (10% of the training windows,
  // also used for early stopping): on these sparse counts (0.05 spikes/bin) β = 1 pulls the posterior
  // towards the prior and the held-out units towards their mean rate.
  const ids = Array.from({ length: train.trials }, (_, i) => i);
  const valIds = permutation(train.trials, HIPPOCAMPUS.splitSeed + 2).slice(0, Math.round(train.trials * 0.1)).sort((a, b) => a - b);
  const isVal = new Set(valIds);
  const fitWindows = selectTrials(train, ids.filter((i) => !isVal.has(i)));
  const valWindows = selectTrials(train, valIds);
  const valHeldOut = columns(valWindows.data, units, heldOut);
  const candidates = [];
  let model;
  let summary;
  let chosen;
  for (const beta of HIPPOCAMPUS.betas) {
    const trainOptions = { epochs, batchSize: 32, learningRate: 0.02, klSchedule: { kind: 'linear', warmupEpochs: Math.min(20, epochs), betaTarget: beta }, earlyStopping: { patience: 20 }, seed: 1 };
    const candidate = SequentialVAE.create(modelOptions);
    const s = await trainWithLog(candidate, fitWindows, { ...trainOptions, validation: valWindows }, (m) => log(`hippocampus vae β=${beta} ${m}`));
    const valCoBps = bitsPerSpike(columns(candidate.inferRates(valWindows).data, units, heldOut), valHeldOut, heldOut.length).bitsPerSpike;
    log(`hippocampus vae β=${beta}: validation co-bps ${valCoBps.toFixed(4)}`);
    candidates.push({ betaTarget: beta, validationCoBps: valCoBps, epochs: s.epochs, trainSeconds: s.trainSeconds });
    if (!chosen || valCoBps > chosen.validationCoBps) {
      model?.dispose();
      model = candidate;
      summary = s;
      chosen = { betaTarget: beta, validationCoBps: valCoBps, trainOptions };
    } else candidate.dispose();
  }
  const rates = model.inferRates(test);
  const vaeScore = bitsPerSpike(columns(rates.data, units, heldOut), heldOutSpikes, heldOut.length);
  log(`hippocampus vae (β=${chosen.betaTarget}) test co-bps ${vaeScore.bitsPerSpike.toFixed(4)}`);

  // position decoding from the latents of every window: cross-validated ridge with windows assigned to
  // folds at random (whole windows, as trials are in NLB; contiguous folds would put the run and the rest
  // sessions in different folds)
  const latents = model.latents(windows);
  const wOrder = permutation(windows.trials, HIPPOCAMPUS.splitSeed + 3);
  const byWindow = (data, width) => {
    const out = new Float64Array(data.length);
    const per = windows.bins * width;
    wOrder.forEach((w, i) => {
      for (let k = 0; k < per; k++) out[i * per + k] = data[w * per + k];
    });
    return out;
  };
  const rows = windows.trials * windows.bins;
  const x = byWindow(Float64Array.from({ length: rows }, (_, i) => position[i * 2]), 1);
  const y = byWindow(Float64Array.from({ length: rows }, (_, i) => position[i * 2 + 1]), 1);
  const decode = (features, width, target) => crossValidatedRidgeR2(byWindow(features, width), target, { features: width, folds: 5 }).r2;
  const positionR2 = decode(latents.data, model.latentDim, x);
  const positionYR2 = decode(latents.data, model.latentDim, y);
  const smoothedAll = gaussianSmooth(windows, smoothing.kernelWidthBins);
  const smoothedPositionR2 = decode(smoothedAll, units, x);
  model.dispose();
  log(`hippocampus position R² (x): latents ${positionR2.toFixed(3)}, smoothed spikes ${smoothedPositionR2.toFixed(3)}`);
  let totalHeldOutSpikes = 0;
  for (const v of heldOutSpikes) totalHeldOutSpikes += v;
  return {
    data: {
      dataset: HIPPOCAMPUS.dataset,
      units,
      bins: recording.bins,
      binSize: HIPPOCAMPUS.binSize,
      binningAgreementWithShippedCounts: binningAgreement,
      windows: windows.trials,
      windowBins: HIPPOCAMPUS.windowBins,
      trainWindows: fitWindows.trials,
      validationWindows: valWindows.trials,
      testWindows: test.trials,
      heldOutUnits: heldOut.map((u) => windows.neuronIds[u]),
      heldOutTestSpikes: totalHeldOutSpikes,
      splitSeed: HIPPOCAMPUS.splitSeed,
    },
    smoothing: { ...smoothing, positionR2FromSmoothedSpikes: smoothedPositionR2 },
    vae: {
      coBps: vaeScore.bitsPerSpike,
      perNeuronCoBps: vaeScore.perNeuron,
      positionR2,
      positionYR2,
      betaTarget: chosen.betaTarget,
      validationCoBps: chosen.validationCoBps,
      betaCandidates: candidates,
      trainSeconds: summary.trainSeconds,
      trainSecondsAllCandidates: candidates.reduce((a, c) => a + c.trainSeconds, 0),
      epochs: summary.epochs,
      secondsPerEpoch: summary.trainSeconds / summary.epochs,
      stoppedReason: summary.stoppedReason,
      model: modelOptions,
      train: chosen.trainOptions,
    },
  };
}
