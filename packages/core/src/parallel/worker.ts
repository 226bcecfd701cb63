/**
 * A data-parallel training worker: its own tfjs engine (wasm by default) and model replica. Per step
 * it computes the gradient of its rows of the batch, publishes it in shared memory, reduces and
 * applies Adam to its shard of the parameters, and reloads the updated weights. See
 * data-parallel-trainer.ts for the whole protocol.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { useEngine } from '../engine/engine.js';
import '../train/register-gradients.js';
import { adamAttrs, adamUpdate, adamUpdateHeap, parseAdamOptions, type AdamOptions } from '../nn/fused-adam.js';
import { simdKernels, type SimdKernels } from '../nn/simd/instance.js';
import type { WasmMemory } from '../nn/simd/wasm-api.js';
import { float32View } from '../nn/js-kernel.js';
import { Barrier } from './barrier.js';
import { layoutOf, rowRange, shardRange, type ParamLayout } from './layout.js';
import { SCALARS_PER_WORKER, type FromWorker, type SharedInput, type SharedLayout, type ToWorker, type WorkerSetup } from './protocol.js';
import type { ReplicaFactory, ReplicaModel } from './replica.js';

const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error('parallel/worker.js must run as a worker thread');
const barrier = new Barrier(setup.control, setup.workers);

let model: ReplicaModel;
let vars: Variable[] = [];
let layout: ParamLayout;
/** Views of the shared memory (re-made on use: cheap) and the byte offsets behind them. */
let shared: { memory: WasmMemory; at: SharedLayout; scalars: Float64Array; kernels: SimdKernels | undefined } | undefined;
let adam: Required<AdamOptions>;
let iterations = 0;

function views(): { f32: Float32Array; weights: Float32Array; grads: Float32Array[] } {
  if (!shared) throw new Error('worker used before init');
  const total = layout.total;
  const { memory, at } = shared;
  const f32 = new Float32Array(memory.buffer);
  return {
    f32,
    weights: f32.subarray(at.weights >> 2, (at.weights >> 2) + total),
    grads: Array.from({ length: setup.workers }, (_, k) => f32.subarray((at.grads >> 2) + k * total, (at.grads >> 2) + (k + 1) * total)),
  };
}

function post(msg: FromWorker): void {
  port?.postMessage(msg);
}

async function start(): Promise<void> {
  await useEngine(setup.backend, { quiet: true });
  const mod = (await import(setup.module)) as Record<string, unknown>;
  const factory = mod[setup.exportName] as ReplicaFactory | undefined;
  if (typeof factory !== 'function') throw new Error(`${setup.module} does not export a function "${setup.exportName}"`);
  model = await factory(setup.config);
  const byName = model.variables();
  const names = Object.keys(byName).sort();
  vars = names.map((n) => byName[n]);
  layout = layoutOf(names.map((name, i) => ({ name, shape: vars[i].shape })));
  post({ type: 'layout', index: setup.index, slots: layout.slots.map(({ name, shape }) => ({ name, shape })) });
}

/** Replaces every variable's value with the shared weights (new tensors: see FusedAdam on why). */
function loadWeights(weights: Float32Array): void {
  layout.slots.forEach((slot, i) => {
    const t = tf.tensor(weights.subarray(slot.offset, slot.offset + slot.size), slot.shape, 'float32');
    vars[i].assign(t);
    t.dispose();
  });
}

function init(msg: Extract<ToWorker, { type: 'init' }>): void {
  shared = { memory: msg.memory, at: msg.layout, scalars: new Float64Array(msg.scalars), kernels: simdKernels(msg.memory) };
  adam = parseAdamOptions(msg.adam);
  if (msg.seedWeightsFromWorker0 && setup.index === 0) {
    const { weights } = views();
    layout.slots.forEach((slot, i) => weights.set(vars[i].dataSync() as Float32Array, slot.offset));
  }
  barrier.wait();
  loadWeights(views().weights);
  post({ type: 'ready', index: setup.index });
}

function sliceRows(input: SharedInput, r0: number, r1: number): Tensor {
  const rowSize = input.shape.slice(1).reduce((a, b) => a * b, 1);
  const view = new Float32Array(input.buffer, r0 * rowSize * 4, (r1 - r0) * rowSize);
  return tf.tensor(view, [r1 - r0, ...input.shape.slice(1)], 'float32');
}

/** Gradient of this worker's rows (mean over its rows) into its shared slot; returns its loss. */
function computeGradient(msg: Extract<ToWorker, { type: 'step' }>, out: Float32Array): number {
  const [r0, r1] = rowRange(msg.rows, setup.workers, setup.index);
  if (r1 <= r0) {
    out.fill(0);
    return 0;
  }
  const batch: Record<string, Tensor> = {};
  for (const [name, input] of Object.entries(msg.inputs)) batch[name] = sliceRows(input, r0, r1);
  try {
    const { value, grads } = tf.variableGrads(() => model.loss(batch, msg.seed, msg.options), vars);
    const loss = value.dataSync()[0];
    value.dispose();
    layout.slots.forEach((slot, i) => {
      const g = grads[vars[i].name];
      if (g) out.set(float32View(g), slot.offset);
      else out.fill(0, slot.offset, slot.offset + slot.size);
    });
    tf.dispose(Object.values(grads));
    return loss;
  } finally {
    tf.dispose(Object.values(batch));
  }
}

/**
 * Σ_j share_j · grads[j][i] over [s0, s1) into grads[0] (the batch-mean gradient: worker j's slot
 * holds the mean over its rows, share_j its fraction of the batch); returns Σ g².
 */
function reduceShard(grads: Float32Array[], shares: number[], s0: number, s1: number): number {
  const out = grads[0];
  let sumSq = 0;
  const k = shared?.kernels;
  if (k && shared && grads.length === 2) {
    const n = s1 - s0;
    const base = shared.at.grads + 4 * s0;
    sumSq = k.reduce2(base, base + 4 * layout.total, n, shares[0], shares[1]);
    for (let i = s0 + (n & ~3); i < s1; i++) {
      const g = shares[0] * out[i] + shares[1] * grads[1][i];
      out[i] = g;
      sumSq += g * g;
    }
    return sumSq;
  }
  if (grads.length === 2) {
    const b = grads[1];
    const sa = shares[0];
    const sb = shares[1];
    for (let i = s0; i < s1; i++) {
      const g = sa * out[i] + sb * b[i];
      out[i] = g;
      sumSq += g * g;
    }
    return sumSq;
  }
  for (let i = s0; i < s1; i++) {
    let g = 0;
    for (let j = 0; j < grads.length; j++) g += shares[j] * grads[j][i];
    out[i] = g;
    sumSq += g * g;
  }
  return sumSq;
}

/** Phase timer: active only when the trainer asked for a profile. */
function phaseClock(): { lap(name: string): void; phases?: Record<string, number> } {
  if (!setup.profile) return { lap: () => undefined };
  const phases: Record<string, number> = {};
  let t = performance.now();
  return {
    phases,
    lap(name: string) {
      const now = performance.now();
      phases[name] = (phases[name] ?? 0) + now - t;
      t = now;
    },
  };
}

function step(msg: Extract<ToWorker, { type: 'step' }>): void {
  if (!shared) throw new Error('step before init');
  const { scalars, at, kernels } = shared;
  const { f32, weights, grads } = views();
  const k = setup.index;
  const n = setup.workers;
  const clock = phaseClock();
  const [r0, r1] = rowRange(msg.rows, n, k);
  scalars[k * SCALARS_PER_WORKER] = (computeGradient(msg, grads[k]) * (r1 - r0)) / msg.rows;
  clock.lap('gradient');
  barrier.wait();
  clock.lap('wait');

  // Reduce this worker's shard of the gradient into slot 0 (shards are disjoint, so no races).
  const [s0, s1] = shardRange(layout.total, n, k);
  const shares = Array.from({ length: n }, (_, j) => {
    const [r0, r1] = rowRange(msg.rows, n, j);
    return (r1 - r0) / msg.rows;
  });
  const sum = grads[0];
  scalars[k * SCALARS_PER_WORKER + 1] = reduceShard(grads, shares, s0, s1);
  clock.lap('reduce');
  barrier.wait();
  clock.lap('wait');

  let loss = 0;
  let normSq = 0;
  for (let j = 0; j < n; j++) {
    loss += scalars[j * SCALARS_PER_WORKER];
    normSq += scalars[j * SCALARS_PER_WORKER + 1];
  }
  const gradNorm = Math.sqrt(normSq);
  const applied = Number.isFinite(loss) && Number.isFinite(gradNorm);
  if (applied) {
    iterations += 1;
    const g = sum.subarray(s0, s1);
    if (msg.clipNorm !== null && gradNorm > msg.clipNorm) {
      const scale = msg.clipNorm / gradNorm;
      for (let i = 0; i < g.length; i++) g[i] *= scale;
    }
    const attrs = adamAttrs(adam, iterations);
    if (kernels) {
      const p = (base: number) => base + 4 * s0;
      adamUpdateHeap(kernels, f32, [p(at.weights), p(at.grads), p(at.m), p(at.v), p(at.weights), p(at.m), p(at.v)], s1 - s0, attrs);
    } else {
      const m = f32.subarray((at.m >> 2) + s0, (at.m >> 2) + s1);
      const v = f32.subarray((at.v >> 2) + s0, (at.v >> 2) + s1);
      adamUpdate(weights.subarray(s0, s1), g, m, v, attrs);
    }
  }
  clock.lap('adam');
  barrier.wait();
  clock.lap('wait');
  if (applied) loadWeights(weights);
  clock.lap('reload');
  post({ type: 'stepped', index: k, id: msg.id, loss, gradNorm, applied, phases: clock.phases });
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init':
      return init(msg);
    case 'step':
      return step(msg);
    case 'reload':
      if (shared) loadWeights(views().weights);
      post({ type: 'reloaded', index: setup.index });
      return;
    case 'stop':
      model.dispose();
      port?.close();
      return;
  }
}

function fail(err: unknown): void {
  barrier.abort();
  const e = err instanceof Error ? err : new Error(String(err));
  post({ type: 'error', index: setup.index, message: e.message, stack: e.stack });
}

port.on('message', (msg: ToWorker) => {
  handle(msg).catch(fail);
});
start().catch(fail);
