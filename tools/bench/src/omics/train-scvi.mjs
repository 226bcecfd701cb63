/**
 * Trains one ScviModel and times it: fit on the given training cells (no inner validation split),
 * then posterior-mean latents for every cell and, optionally, the importance-weighted marginal
 * log-likelihood (K samples) of held-out cells.
 */
import { ScviModel } from '@vaekit/omics';
import { subsetCounts } from '@vaekit/omics';
import { tap, lastValueFrom } from 'rxjs';
import { meanSd, secondsSince } from './stats.mjs';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * `spec`: { name, model: ScviOptions, train: ScviTrainOptions (epochs, klSchedule, …) }.
 * `trainCells`: row indices to train on (all cells when omitted); `log`: progress lines.
 * Returns the model (dispose it) and what was measured.
 */
export async function trainScvi(matrix, spec, { trainCells, log = () => {} } = {}) {
  const trainMatrix = trainCells ? subsetCounts(matrix, { cells: trainCells }) : matrix;
  const model = ScviModel.create(trainMatrix, spec.model);
  model.warn = (m) => log(`  warning: ${m}`);
  const epochMs = [];
  const losses = [];
  const t0 = performance.now();
  const done = await lastValueFrom(
    model.train(trainMatrix, { validationFraction: 0, ...spec.train }).pipe(
      tap((e) => {
        if (e.type !== 'epoch') return;
        epochMs.push(e.epochMs);
        losses.push(e.loss);
        if (e.epoch === 1 || e.epoch % 25 === 0 || e.epoch === spec.train.epochs) {
          log(`  ${spec.name} epoch ${e.epoch}/${spec.train.epochs}: loss ${e.loss.toFixed(1)}, β ${e.beta.toFixed(2)}, ${e.activeDims} active dims, ${(e.epochMs / 1000).toFixed(2)} s`);
        }
      }),
    ),
  );
  const trainSeconds = secondsSince(t0);
  if (done.type !== 'done') throw new Error(`${spec.name}: training ended without a summary`);
  const t1 = performance.now();
  const latent = model.latent(matrix);
  return {
    model,
    latent,
    trainSeconds,
    latentSeconds: secondsSince(t1),
    epochs: done.summary.epochs,
    trainCells: trainMatrix.X.nRows,
    medianEpochSeconds: median(epochMs) / 1000,
    finalLoss: done.summary.finalLoss,
    lossEvery10: losses.filter((_, i) => (i + 1) % 10 === 0 || i === losses.length - 1),
    seed: done.summary.seed,
  };
}

/** Mean (and sd, seconds) of the per-cell IWAE log p(x) of `cells` under `model`. */
export function heldoutLogLik(model, matrix, cells, { samples = 100, seed = 0 } = {}) {
  const t0 = performance.now();
  const ll = model.marginalLogLikelihood(subsetCounts(matrix, { cells }), { samples, seed });
  const s = meanSd(Array.from(ll));
  return { mean: s.mean, sd: s.sd, cells: cells.length, samples, seconds: secondsSince(t0) };
}
