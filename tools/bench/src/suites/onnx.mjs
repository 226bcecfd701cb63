/**
 * The `onnx` suite: encoder latency of the reference model (FACTS.md) at batch 1 and 1024 through
 * @vaekit/onnx's runner (onnxruntime-node, CPU) and through the TensorFlow.js model (wasm) in the
 * same run, plus the demo server's load test (tools/bench/src/onnx/demo-hook.mjs). `--quick` takes
 * fewer timed calls. Writes results/onnx.json (`ort.batch1Ms`, `ort.batch1024Ms`, `tfjs.batch1Ms`,
 * `tfjs.batch1024Ms`, ratios, `demo.*`) and results/onnx.md.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { useEngine } from '@vaekit/core';
import { exportModel } from '@vaekit/onnx';
import { createSession, OnnxVae } from '@vaekit/onnx/runtime';
import { Tensor as OrtTensor } from 'onnxruntime-node';
import { startLoadMonitor } from '../load-monitor.mjs';
import { machineInfo, writeResults } from '../results.mjs';
import { demoSection } from '../onnx/demo-hook.mjs';
import { measure } from '../onnx/latency.mjs';
import { onnxMarkdown } from '../onnx/report.mjs';
import { GENES, referenceCounts, referenceVae } from '../onnx/reference-encoder.mjs';

const require = createRequire(import.meta.url);
const version = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
const log = (m) => process.stderr.write(`${m}\n`);

/** Times `embed(rows)` at batch 1 and 1024. */
async function latencies(embed, counts, reps, warmup) {
  const batch1 = await measure(() => embed(counts.subarray(0, GENES), 1), { warmup, reps: reps.batch1 });
  const batch1024 = await measure(() => embed(counts, 1024), { warmup, reps: reps.batch1024 });
  return { batch1Ms: batch1.medianMs, batch1024Ms: batch1024.medianMs, batch1, batch1024 };
}

export async function run({ quick = false } = {}) {
  const started = performance.now();
  const monitor = startLoadMonitor();
  const engine = await useEngine('wasm', { quiet: true });
  const reps = quick ? { batch1: 50, batch1024: 8 } : { batch1: 300, batch1024: 40 };
  const warmup = quick ? 3 : 10;
  const vae = referenceVae();
  const counts = referenceCounts(1024);
  const dir = await mkdtemp(join(tmpdir(), 'vaekit-bench-onnx-'));
  try {
    const modelDir = join(dir, 'reference');
    const manifest = await exportModel(vae, modelDir, { name: 'reference' });
    log(`exported the reference model to ${modelDir}`);

    const tfjs = await latencies(
      async (data, rows) => {
        const x = tf.tensor2d(data, [rows, GENES]);
        const z = vae.embed(x);
        const out = await z.data();
        tf.dispose([x, z]);
        return out;
      },
      counts,
      reps,
      warmup,
    );
    log(`tfjs: batch 1 ${tfjs.batch1Ms} ms, batch 1024 ${tfjs.batch1024Ms} ms`);

    const onnxRun = async (threads) => {
      const model = await OnnxVae.load(modelDir, threads ? { intraOpNumThreads: threads } : {});
      try {
        return await latencies((data, rows) => model.embed({ data, rows, cols: GENES }), counts, reps, warmup);
      } finally {
        await model.dispose();
      }
    };
    const ort = await onnxRun(undefined);
    log(`ort: batch 1 ${ort.batch1Ms} ms, batch 1024 ${ort.batch1024Ms} ms`);
    const ort1Thread = await onnxRun(1);
    log(`ort, 1 thread: batch 1 ${ort1Thread.batch1Ms} ms, batch 1024 ${ort1Thread.batch1024Ms} ms`);
    const { session } = await createSession(join(modelDir, 'encoder.onnx'));
    let ortSession;
    try {
      ortSession = await latencies((data, rows) => session.run({ x: new OrtTensor('float32', data, [rows, GENES]) }), counts, reps, warmup);
    } finally {
      await session.release();
    }
    log(`ort session.run: batch 1 ${ortSession.batch1Ms} ms, batch 1024 ${ortSession.batch1024Ms} ms`);

    const demo = await demoSection({ modelDir, manifest, quick, log });
    const ratio = (a, b) => Math.round((a / b) * 100) / 100;
    const json = {
      suite: 'onnx',
      backend: engine.backend,
      command: `node tools/bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
      timestamp: new Date().toISOString(),
      durationSeconds: (performance.now() - started) / 1000,
      otherLoad: monitor.stop(),
      machine: machineInfo(),
      versions: { node: process.version, tfjsCore: version('@tensorflow/tfjs-core'), tfjsBackendWasm: version('@tensorflow/tfjs-backend-wasm'), onnxruntimeNode: version('onnxruntime-node'), vaekitOnnx: manifest.producer.version },
      config: { model: 'log1p → 256 → 128 → 32 (FACTS.md reference encoder), untrained seeded weights', genes: GENES, reps, warmup, ortThreads: 'onnxruntime default intra-op threads (one per core) unless noted', quick },
      parity: manifest.parity.maxError,
      tfjs,
      ort,
      ortSession,
      ort1Thread,
      ratios: {
        batch1: ratio(tfjs.batch1Ms, ort.batch1Ms),
        batch1024: ratio(tfjs.batch1024Ms, ort.batch1024Ms),
        oneThreadBatch1: ratio(tfjs.batch1Ms, ort1Thread.batch1Ms),
        oneThreadBatch1024: ratio(tfjs.batch1024Ms, ort1Thread.batch1024Ms),
      },
      demo: demo.metrics,
      notes: [
        'Every number is measured by this command in this run; ratios are tfjs ms / ort ms from the same run.',
        'TensorFlow.js runs on the wasm backend with one thread (its threaded build does not run in Node); onnxruntime uses its default thread pool unless a row says 1 thread.',
        'OnnxVae.embed checks every input value (finite, non-negative integer counts) before running: the difference to bare session.run is that check plus the output copy.',
      ],
    };
    const { jsonPath, mdPath } = writeResults('onnx', json, onnxMarkdown(json, demo.markdown));
    log(`wrote ${jsonPath} and ${mdPath} (${json.durationSeconds.toFixed(0)} s)`);
    return json;
  } finally {
    vae.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
