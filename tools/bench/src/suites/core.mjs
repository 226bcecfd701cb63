/**
 * The `core` suite: the reference NB-VAE of FACTS.md (10,000 simulated cells × 2,000 genes, batch
 * 256, Adam 1e-3) trained with each variant in its own process, timed, and compared with the
 * plain-autodiff baseline measured in the same run.
 */
import { machineBusySeconds } from '../load-monitor.mjs';
import { spawn } from 'node:child_process';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo, writeResults } from '../results.mjs';
import { simulateCounts } from '../core/simulate-counts.mjs';

const PRODUCT = 'vae-train';
const VARIANT_SCRIPT = fileURLToPath(new URL('../core/variant.mjs', import.meta.url));
const BASELINE = 'wasm-autodiff';
/** PyTorch 1.13 CPU, OpenBLAS, 2 threads, OMP_WAIT_POLICY=PASSIVE, same model, 10,000 cells (FACTS.md). */
const PYTORCH_EPOCH_SECONDS = 1.61;
const PYTORCH_CELLS_PER_SECOND = 10_000 / PYTORCH_EPOCH_SECONDS;

/** The variants and how each is timed; the slow baselines by steps (extrapolated) to keep the suite short. */
function plan(epochs, quick) {
  return [
    { variant: 'wasm-autodiff', mode: 'steps', warmup: 2, steps: quick ? 3 : 6 },
    { variant: 'wasm-custom-dense', mode: 'steps', warmup: 2, steps: quick ? 6 : 12 },
    { variant: 'wasm-fused', mode: 'epochs', epochs },
    { variant: 'wasm-2workers', mode: 'epochs', epochs },
    { variant: 'vae-train', mode: 'epochs', epochs },
  ];
}

/** Simulated counts in a temp file shared by the variant processes (cached across runs). */
function dataFile(cells, genes) {
  const path = join(tmpdir(), `vaekit-bench-core-${cells}x${genes}-seed7.f32`);
  if (existsSync(path)) return path;
  const t0 = performance.now();
  const { counts } = simulateCounts({ cells, genes, seed: 7 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, new Uint8Array(counts.buffer, counts.byteOffset, counts.byteLength));
  renameSync(tmp, path);
  process.stderr.write(`simulated ${cells} × ${genes} counts in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${path}\n`);
  return path;
}

function runVariant(entry, common) {
  const args = [VARIANT_SCRIPT, '--variant', entry.variant, '--mode', entry.mode, ...common];
  if (entry.mode === 'steps') args.push('--warmup', String(entry.warmup), '--steps', String(entry.steps));
  else args.push('--epochs', String(entry.epochs));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line));
      else resolve({ variant: entry.variant, error: `exited with code ${code}` });
    });
  });
}

function tfjsVersion() {
  try {
    return createRequire(import.meta.url)('@tensorflow/tfjs-core/package.json').version;
  } catch {
    return 'unknown';
  }
}

const fmt = (x, d = 2) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '—');

function markdown(json) {
  const rows = json.variants.map((v) =>
    v.error
      ? `| ${v.variant} | failed: ${v.error} | | | | | | |`
      : `| ${v.variant} | ${fmt(v.epochSeconds)}${v.extrapolated ? ' (extrapolated)' : ''} | ${fmt(v.cellsPerSecond, 0)} | ${fmt(v.speedupVsBaseline, 1)}× | ${fmt(v.cellsPerSecond / PYTORCH_CELLS_PER_SECOND, 2)}× | ${fmt(v.peakRssMiB, 0)} | ${fmt(v.finalLoss, 1)} | ${fmt(v.otherLoad, 2)} |`,
  );
  return [
    `# core benchmark: reference NB-VAE (${json.config.cells.toLocaleString('en')} cells × ${json.config.genes.toLocaleString('en')} genes)`,
    '',
    `Machine: ${json.machine.cpus} × ${json.machine.cpuModel}, ${json.machine.memoryGiB} GiB, Node ${json.machine.node}, tfjs ${json.engine.tfjs} (${json.backend}).`,
    `Batch ${json.config.batch}, Adam 1e-3; epochs timed after one warm-up epoch (median of ${json.config.epochs}).`,
    `Speed-up is against \`${json.baseline?.variant}\` measured in this run. "vs PyTorch" compares cells/s with PyTorch's ${PYTORCH_EPOCH_SECONDS} s per 10,000-cell epoch on this machine (FACTS.md; not re-measured here; >1 is faster).`,
    '',
    '| variant | s/epoch | cells/s | vs baseline | vs PyTorch | peak RSS MiB | final loss | other load (cores) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Headline (what \`VAE.create\` + \`train()\` gives a user): **${json.variant}** at ${fmt(json.epochSeconds)} s/epoch; fastest variant **${json.fastest?.variant}** at ${fmt(json.fastest?.epochSeconds)} s/epoch. Generated ${json.timestamp} by \`${json.command}\`.`,
    '',
    '"other load" is the CPU (in cores) that other processes used while a variant ran: above ~0.2 its timing is contended',
    '(this machine has 2 cores; a 2-worker variant needs both).',
    '',
    'Where the time goes: `variants[].topKernels` in core.json (tf.profile of one step of the single-thread variants; an',
    '"unnamed scope" row is a customGrad op and includes the kernel listed inside it) and `variants[].phaseMsPerStep`',
    '(per worker: gradient, reduce, adam, reload, and wait at the barriers).',
    '',
  ].join('\n');
}

/** Runs the suite and writes results/core.json and results/core.md. */
export async function run({ epochs = 4, quick = false, variants } = {}) {
  const started = performance.now();
  const config = { cells: quick ? 2560 : 10_000, genes: 2000, batch: 256, epochs: quick ? Math.min(epochs, 2) : epochs, learningRate: 1e-3, seed: 7 };
  const data = dataFile(config.cells, config.genes);
  const common = ['--data', data, '--cells', String(config.cells), '--genes', String(config.genes), '--batch', String(config.batch)];
  const entries = plan(config.epochs, quick).filter((e) => !variants || variants.includes(e.variant) || e.variant === BASELINE);
  const results = [];
  for (const entry of entries) {
    process.stderr.write(`core: ${entry.variant} (${entry.mode === 'steps' ? `${entry.steps} steps after ${entry.warmup} warm-up` : `${entry.epochs} epochs after 1 warm-up`})\n`);
    const busy0 = machineBusySeconds();
    const t0 = performance.now();
    const r = await runVariant(entry, common);
    const busy1 = machineBusySeconds();
    if (!r.error && busy0 !== undefined && busy1 !== undefined && typeof r.cpuSeconds === 'number') {
      // CPU other processes used while this variant ran, in cores: > 0.2 means the timing is contended
      r.otherLoad = Math.max(0, (busy1 - busy0 - r.cpuSeconds) / ((performance.now() - t0) / 1000));
    }
    const load = r.otherLoad === undefined ? '' : `, other processes used ${r.otherLoad.toFixed(2)} cores meanwhile`;
    process.stderr.write(r.error ? `  failed: ${r.error}\n` : `  ${r.epochSeconds.toFixed(2)} s/epoch${r.extrapolated ? ' (extrapolated)' : ''}${load}\n`);
    results.push(r);
  }
  const base = results.find((r) => r.variant === BASELINE && !r.error);
  for (const r of results) if (!r.error && base) r.speedupVsBaseline = base.epochSeconds / r.epochSeconds;
  const measured = results.filter((r) => !r.error && !r.extrapolated);
  // the headline is what a user gets from VAE.create + train(); the fastest variant is reported beside it
  const fastest = [...measured].sort((a, b) => a.epochSeconds - b.epochSeconds)[0];
  const head = measured.find((r) => r.variant === PRODUCT) ?? fastest ?? results.find((r) => !r.error);
  const json = {
    suite: 'core',
    backend: 'wasm',
    variant: head?.variant ?? null,
    epochSeconds: head?.epochSeconds ?? null,
    cellsPerSecond: head?.cellsPerSecond ?? null,
    peakRssMiB: head?.peakRssMiB ?? null,
    finalLoss: head?.finalLoss ?? null,
    speedupVsBaseline: head?.speedupVsBaseline ?? null,
    fastest: fastest ? { variant: fastest.variant, epochSeconds: fastest.epochSeconds, cellsPerSecond: fastest.cellsPerSecond } : null,
    baseline: base ? { variant: base.variant, epochSeconds: base.epochSeconds, extrapolated: base.extrapolated } : null,
    reference: { engine: 'PyTorch 1.13 CPU, OpenBLAS, 2 threads, OMP_WAIT_POLICY=PASSIVE', epochSeconds: PYTORCH_EPOCH_SECONDS, cellsPerSecond: PYTORCH_CELLS_PER_SECOND, source: 'FACTS.md (10,000 cells)' },
    vsPytorch: head ? head.cellsPerSecond / PYTORCH_CELLS_PER_SECOND : null,
    config,
    engine: { tfjs: tfjsVersion() },
    machine: machineInfo(),
    variants: results,
    timestamp: new Date().toISOString(),
    durationSeconds: (performance.now() - started) / 1000,
    command: `node tools/bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  };
  const { jsonPath, mdPath } = writeResults('core', json, markdown(json));
  process.stderr.write(`wrote ${jsonPath} and ${mdPath} (${json.durationSeconds.toFixed(0)} s)\n`);
  return json;
}
