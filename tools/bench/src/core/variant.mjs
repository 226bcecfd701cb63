/**
 * Runs ONE variant of the core benchmark in its own process (clean engine, its own peak memory) and
 * prints one JSON line with its timings. Spawned by suites/core.mjs; usable by hand:
 *
 *   node tools/bench/src/core/variant.mjs --variant wasm-fused --data /tmp/x.f32 --cells 10000 --genes 2000
 *
 * Modes: `epochs` trains `--epochs` full epochs after one warm-up epoch (median epoch time);
 * `steps` times `--steps` optimizer steps after `--warmup` steps and extrapolates to an epoch
 * (for the slow baselines, to keep the suite short).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { buildReferenceModel } from './reference-model.mjs';
import { makeRng } from './simulate-counts.mjs';

export const VARIANTS = {
  /** plain tf.matMul autodiff dense, NB from tfjs ops, tf.train.adam: the baseline */
  'wasm-autodiff': { impl: 'autodiff', workers: 0 },
  /** the first custom-gradient dense (FACTS.md's 6.9 s/epoch row) */
  'wasm-custom-dense': { impl: 'custom-dense', workers: 0 },
  /** core's fused dense + fused NB kernel + fused Adam, one thread */
  'wasm-fused': { impl: 'fused', workers: 0 },
  /** the fused model, data-parallel over two worker threads (DataParallelTrainer) */
  'wasm-2workers': { impl: 'fused', workers: 2 },
  /** what a user runs: VAE.create (mlp encoder/decoder, nb likelihood) trained by core's train() stream */
  'vae-train': { impl: 'vae', workers: 0 },
};

/**
 * The product path: the same reference architecture built with VAE.create and trained with
 * train() (shuffling, events, validation off). Epoch times come from the stream's epoch events.
 */
async function runVaeTrain(counts, cells, genes, batch, epochs) {
  const { ArraySource, VAE, train, useEngine } = await import('@vaekit/core');
  const { lastValueFrom, tap } = await import('rxjs');
  await useEngine('wasm', { quiet: true });
  const vae = VAE.create({
    featureDim: genes,
    latentDim: 32,
    encoder: { kind: 'mlp', config: { hidden: [256, 128], inputTransform: 'log1p' } },
    decoder: { kind: 'mlp', config: { hidden: [128, 256] } },
    likelihood: { kind: 'nb' },
    seed: 1,
  });
  const data = new ArraySource({ n: cells, featureDim: genes, x: counts });
  const epochTimes = [];
  const epochLosses = [];
  await lastValueFrom(
    train(vae, data, { epochs: epochs + 1, batchSize: batch, learningRate: 1e-3, seed: 1 }).pipe(
      tap((e) => {
        if (e.type !== 'epoch') return;
        epochLosses.push(e.loss);
        if (e.epoch > 1) epochTimes.push(e.epochMs / 1000);
        process.stderr.write(`  vae-train epoch ${e.epoch - 1}${e.epoch === 1 ? ' (warm-up)' : ''}: ${(e.epochMs / 1000).toFixed(2)} s, loss ${e.loss.toFixed(2)}\n`);
      }),
    ),
  );
  vae.dispose();
  return { epochSeconds: median(epochTimes), epochTimes, epochLosses, finalLoss: epochLosses[epochLosses.length - 1], extrapolated: false };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Batches of one epoch: a seeded permutation of the cells cut into `batch`-row blocks (last one smaller). */
function* epochBatches(counts, cells, genes, batch, epoch) {
  const rng = makeRng(1000 + epoch);
  const order = Int32Array.from({ length: cells }, (_, i) => i);
  for (let i = cells - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (let s = 0; s < cells; s += batch) {
    const rows = Math.min(batch, cells - s);
    const data = new Float32Array(rows * genes);
    for (let r = 0; r < rows; r++) data.set(counts.subarray(order[s + r] * genes, (order[s + r] + 1) * genes), r * genes);
    yield { data, rows, step: s / batch };
  }
}

/** A trainer over the variant: `step(data, rows, seed)` → loss. */
async function makeTrainer(spec, genes) {
  if (spec.workers > 0) {
    // not exported by the package index yet (see core-imports.mjs)
    const { DataParallelTrainer } = await import('../../../../packages/core/dist/parallel/data-parallel-trainer.js');
    const trainer = await DataParallelTrainer.create({
      workers: spec.workers,
      model: { module: new URL('./reference-replica.mjs', import.meta.url).href, config: { genes, seed: 1 } },
      adam: { learningRate: 1e-3 },
      profile: true,
    });
    // mean milliseconds per step of each phase, per worker (reset at each epoch: the last one is kept)
    let phases = [];
    let steps = 0;
    return {
      step: async (data, rows, seed) => {
        const r = await trainer.step({ x: { data, shape: [rows, genes] } }, seed);
        r.phases?.forEach((p, k) => {
          phases[k] ??= {};
          for (const [name, ms] of Object.entries(p)) phases[k][name] = (phases[k][name] ?? 0) + ms;
        });
        steps += 1;
        return r.loss;
      },
      newEpoch: () => {
        phases = [];
        steps = 0;
      },
      report: () => ({ phaseMsPerStep: phases.map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Math.round((v / steps) * 100) / 100]))) }),
      dispose: () => trainer.dispose(),
    };
  }
  await tf.setBackend('wasm');
  await tf.ready();
  const model = buildReferenceModel({ genes, impl: spec.impl, seed: 1 });
  let lastBatch;
  return {
    step: async (data, rows, seed) => {
      if (!lastBatch || rows >= lastBatch.rows) lastBatch = { data, rows }; // a full batch for the profile
      const x = tf.tensor2d(data, [rows, genes]);
      try {
        return model.step(x, seed);
      } finally {
        x.dispose();
      }
    },
    /** Kernel times of one more step (tf.profile): where the time goes. */
    report: async () => {
      if (!lastBatch || lastBatch.rows === 0) return {};
      const x = tf.tensor2d(lastBatch.data, [lastBatch.rows, genes]);
      const info = await tf.profile(() => {
        model.step(x, 12345);
      });
      x.dispose();
      const byKernel = {};
      for (const k of info.kernels) {
        const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
        byKernel[key] = (byKernel[key] ?? 0) + k.kernelTimeMs;
      }
      const top = Object.entries(byKernel)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([kernel, ms]) => ({ kernel, ms: Math.round(ms * 100) / 100 }));
      return { kernelsPerStep: info.kernels.length, topKernels: top };
    },
    dispose: () => model.dispose(),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      variant: { type: 'string' },
      data: { type: 'string' },
      cells: { type: 'string' },
      genes: { type: 'string' },
      batch: { type: 'string', default: '256' },
      mode: { type: 'string', default: 'epochs' },
      epochs: { type: 'string', default: '4' },
      steps: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
    },
  });
  const spec = VARIANTS[values.variant];
  if (!spec) throw new Error(`unknown variant ${values.variant}; known: ${Object.keys(VARIANTS).join(', ')}`);
  const cells = Number(values.cells);
  const genes = Number(values.genes);
  const batch = Number(values.batch);
  const buf = readFileSync(values.data);
  const counts = new Float32Array(buf.buffer, buf.byteOffset, cells * genes);
  const result = { variant: values.variant, impl: spec.impl, workers: spec.workers, mode: values.mode };
  if (spec.impl === 'vae') {
    Object.assign(result, await runVaeTrain(counts, cells, genes, batch, Number(values.epochs)));
    return finish(result, cells);
  }
  const trainer = await makeTrainer(spec, genes);
  try {
    if (values.mode === 'steps') {
      const warmup = Number(values.warmup);
      const steps = Number(values.steps);
      const times = [];
      const losses = [];
      for (const { data, rows, step } of epochBatches(counts, cells, genes, batch, 0)) {
        if (step >= warmup + steps) break;
        const t0 = performance.now();
        const loss = await trainer.step(data, rows, step);
        if (step >= warmup) {
          times.push((performance.now() - t0) / 1000);
          losses.push(loss);
        }
      }
      const stepSeconds = median(times);
      result.stepSeconds = stepSeconds;
      result.stepsTimed = times.length;
      result.epochSeconds = (stepSeconds * cells) / batch;
      result.extrapolated = true;
      result.lastLoss = losses[losses.length - 1];
    } else {
      const epochs = Number(values.epochs);
      const epochTimes = [];
      const epochLosses = [];
      for (let e = 0; e <= epochs; e++) {
        trainer.newEpoch?.();
        const t0 = performance.now();
        let sum = 0;
        for (const { data, rows, step } of epochBatches(counts, cells, genes, batch, e)) {
          sum += (await trainer.step(data, rows, e * 100_000 + step)) * rows;
        }
        const seconds = (performance.now() - t0) / 1000;
        epochLosses.push(sum / cells);
        if (e > 0) epochTimes.push(seconds);
        process.stderr.write(`  ${values.variant} epoch ${e}${e === 0 ? ' (warm-up)' : ''}: ${seconds.toFixed(2)} s, loss ${(sum / cells).toFixed(2)}\n`);
      }
      result.epochSeconds = median(epochTimes);
      result.epochTimes = epochTimes;
      result.epochLosses = epochLosses;
      result.finalLoss = epochLosses[epochLosses.length - 1];
      result.extrapolated = false;
    }
    Object.assign(result, await trainer.report());
  } finally {
    await trainer.dispose();
  }
  finish(result, cells);
}

function finish(result, cells) {
  result.cellsPerSecond = cells / result.epochSeconds;
  result.peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const cpu = process.cpuUsage(); // all threads of this process, workers included
  result.cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
