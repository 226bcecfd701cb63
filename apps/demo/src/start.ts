#!/usr/bin/env node
/**
 * `npm start`: simulates single-cell counts, trains a small scVI-style model (TensorFlow.js, wasm),
 * fits its anomaly calibration, exports it to ONNX with the example file in a models folder, and
 * serves the demo on localhost (onnxruntime-node only) until Ctrl-C.
 *
 *   node apps/demo/dist/start.js [--models-dir .vaekit/models] [--port 3000] [--host 127.0.0.1] [--epochs n] [--no-serve]
 *
 * `--no-serve` (or VAEKIT_START_NO_SERVE=1) stops after the export, for CI.
 */
import { useEngine, type TrainEvent } from '@vaekit/core';
import { startServer } from './server.js';
import { buildDemoModel } from './start/build-demo-model.js';
import { parseStartArgs } from './start/start-options.js';

/** The demo model: a few thousand cells and a few hundred genes, trained in well under a minute on 2 cores. */
const DEMO = { name: 'demo-pbmc-sim', cells: 4000, genes: 400, cellTypes: 5, batches: 2, anomalies: 12, seed: 1, latentDim: 10, hidden: [128], epochs: 60 };

function progress(event: TrainEvent, epochs: number, tty: boolean): void {
  if (event.type === 'start') process.stdout.write(`training on ${event.samples} cells with the ${event.backend} backend, ${epochs} epochs\n`);
  if (event.type !== 'epoch') return;
  const line = `epoch ${String(event.epoch).padStart(3)}/${epochs}  loss ${event.loss.toFixed(1)}  ${(event.elapsedMs / 1000).toFixed(1)} s`;
  if (tty) process.stdout.write(`\r${line}${event.epoch === epochs ? '\n' : ''}`);
  else if (event.epoch === 1 || event.epoch % 10 === 0 || event.epoch === epochs) process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const o = parseStartArgs(process.argv.slice(2), process.env);
  const epochs = o.epochs ?? DEMO.epochs;
  const engine = await useEngine(process.env.VAEKIT_BACKEND ?? 'auto', { quiet: true });
  process.stdout.write(`vaekit demo: simulating ${DEMO.cells} cells × ${DEMO.genes} genes (${DEMO.cellTypes} cell types, ${DEMO.batches} batches); engine ${engine.chosen}\n`);
  const tty = process.stdout.isTTY === true;
  const model = await buildDemoModel(o.modelsDir, { ...DEMO, epochs, onEvent: (e) => progress(e, epochs, tty) });
  process.stdout.write(`trained in ${model.trainSeconds.toFixed(1)} s; exported to ONNX in ${model.exportSeconds.toFixed(1)} s (parity checked against TensorFlow.js)\n`);
  process.stdout.write(`model: ${model.dir}\nexample: ${model.exampleFile}\n`);
  if (!o.serve) return;
  const server = await startServer({ modelsDir: o.modelsDir, host: o.host, port: o.port });
  process.stdout.write(`\nvaekit demo running at ${server.url}  (Ctrl-C to stop)\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
