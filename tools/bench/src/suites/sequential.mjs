/**
 * The `sequential` suite (@vaekit/sequential): the state-space VAE on
 *   - Lorenz-driven Poisson spikes (30 neurons, 1000 training trials of 100 bins, 200 test trials):
 *     rate R² against the true rates, vs Gaussian smoothing (width chosen on training trials);
 *   - the nelpy hippocampus recording (31 units, 100 ms bins, 5 s windows): co-smoothing bits per
 *     spike on held-out units of held-out windows vs the NLB smoothing baseline, and position
 *     decoding R² from the latents;
 * and the speed of core's fused GRU against tfjs-layers' GRU. Baselines are measured in the same run.
 * `--quick` trains a few epochs (smoke run); `--epochs n` caps both models' epochs.
 */
import { useEngine } from '@vaekit/core';
import { startLoadMonitor } from '../load-monitor.mjs';
import { machineInfo, writeResults } from '../results.mjs';
import { runGruSpeed } from '../sequential/gru-speed.mjs';
import { runHippocampus } from '../sequential/hippocampus.mjs';
import { runLorenz } from '../sequential/lorenz.mjs';
import { sequentialMarkdown } from '../sequential/report.mjs';

/** Epoch caps of a full run (early stopping usually ends sooner), sized for ~15 min on 2 shared cores. */
const EPOCHS = { lorenz: 100, hippocampus: 150 };
const QUICK_EPOCHS = 2;

const log = (m) => process.stderr.write(`${m}\n`);

export async function run({ epochs, quick = false } = {}) {
  const started = performance.now();
  const monitor = startLoadMonitor();
  const engine = await useEngine('wasm', { quiet: true });
  const gru = runGruSpeed({ reps: quick ? 1 : 3 });
  log(`gru: fused ${gru.fused.forwardBackwardMs.toFixed(0)} ms vs tfjs-layers ${gru.layers.forwardBackwardMs.toFixed(0)} ms (forward + backward, ${gru.speedup.forwardBackward.toFixed(1)}×)`);
  const lorenz = await runLorenz({ epochs: epochs ?? (quick ? QUICK_EPOCHS : EPOCHS.lorenz), log });
  const hippocampus = await runHippocampus({ epochs: epochs ?? (quick ? QUICK_EPOCHS : EPOCHS.hippocampus), log });
  const json = {
    suite: 'sequential',
    backend: engine.backend,
    engine: { chosen: engine.chosen, details: engine.details },
    command: `node tools/bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    timestamp: new Date().toISOString(),
    durationSeconds: (performance.now() - started) / 1000,
    otherLoad: monitor.stop(),
    machine: machineInfo(),
    quick,
    gru,
    lorenz,
    hippocampus,
    targets: {
      lorenzRateR2AtLeast085: lorenz.vae.rateR2 >= 0.85,
      lorenzAboveSmoothing: lorenz.vae.rateR2 > lorenz.smoothing.rateR2,
      hippocampusCoBpsAboveSmoothing: hippocampus.vae.coBps > hippocampus.smoothing.coBps,
    },
    notes: [
      'Every number is measured by this command in this run.',
      'Times are wall-clock on a machine shared with other work (otherLoad: average cores used by other processes).',
      'Rates of the VAE are at the posterior mean of the latents. Smoothing kernel widths (and the GLM penalty) are chosen on training data only.',
    ],
  };
  const { jsonPath, mdPath } = writeResults('sequential', json, sequentialMarkdown(json));
  log(`wrote ${jsonPath} and ${mdPath} (${json.durationSeconds.toFixed(0)} s)`);
  return json;
}
