/**
 * Data-parallel training over worker threads, each with its own tfjs engine. The wasm backend runs
 * one thread per engine in Node (FACTS.md), so this is how training uses more than one core there.
 *
 * Per step: the batch goes into shared memory; worker k computes the gradient of its rows into its
 * gradient slot; after a barrier each worker sums the slots over
 * its shard of the parameters; after a second barrier all know the loss and the global gradient norm
 * (non-finite → no update anywhere; optional clipping); each applies Adam to its shard of the shared
 * weights; after a third barrier every worker reloads the weights. Weights therefore never drift
 * apart: there is one copy, in shared memory, and each element has one writer. The reduction and
 * Adam run as SIMD kernels on that (shared WebAssembly) memory where the engine supports it.
 */
import { Worker } from 'node:worker_threads';
import { ConfigError, TrainingError } from '../errors.js';
import type { JsonObject, JsonValue } from '../plugins/contracts.js';
import { parseAdamOptions, type AdamOptions } from '../nn/fused-adam.js';
import { CONTROL_INTS } from './barrier.js';
import { layoutOf, type ParamLayout } from './layout.js';
import { SCALARS_PER_WORKER, type FromWorker, type SharedInput, type SharedLayout, type ToWorker, type WorkerSetup } from './protocol.js';
import { WASM_PAGE, wasmApi } from '../nn/simd/wasm-api.js';

export interface DataParallelOptions {
  /** Number of worker threads (default 2). */
  workers?: number;
  /** The module each worker imports to build its replica, and the export to call (default 'createReplica'). */
  model: { module: string | URL; export?: string; config: JsonValue };
  /** Adam settings (tf.train.adam's defaults otherwise). */
  adam: AdamOptions;
  /** tfjs engine in the workers (default 'wasm'). */
  backend?: string;
  /** Overrides the worker script (tests run it from TypeScript sources). */
  workerScript?: URL;
  /** Extra Node flags for the workers, e.g. ['--import', 'tsx'] to load TypeScript. */
  execArgv?: string[];
  /** Time each phase of a step in every worker (see ParallelStepResult.phases). */
  profile?: boolean;
}

/** A batch for `step`: each input row-major float32 with its shape; the first axis is rows. */
export type HostBatch = Record<string, { data: Float32Array; shape: number[] }>;

/** What one step reports. */
export interface ParallelStepResult {
  /** Mean loss over the whole batch (before the update). */
  loss: number;
  /** Global L2 norm of the averaged gradient, before clipping. */
  gradNorm: number;
  /** False when loss or gradient were not finite: then no weight changed. */
  applied: boolean;
  /** With `profile`: milliseconds per phase, per worker (gradient, reduce, adam, reload, wait). */
  phases?: Record<string, number>[];
}

type Pending = { resolve: (msgs: FromWorker[]) => void; reject: (err: Error) => void; want: FromWorker['type']; got: FromWorker[] };

export class DataParallelTrainer {
  private inputs = new Map<string, SharedArrayBuffer>();
  private pending: Pending | undefined;
  private failure: Error | undefined;
  private nextId = 1;
  private weightsView!: Float32Array;

  private constructor(
    private readonly workers: Worker[],
    readonly layout: ParamLayout,
  ) {}

  /** Starts the workers, builds a replica in each, and puts worker 0's initial weights in all. */
  static async create(options: DataParallelOptions): Promise<DataParallelTrainer> {
    const n = options.workers ?? 2;
    if (!Number.isInteger(n) || n < 1) throw new ConfigError(`workers must be a positive integer, got ${String(n)}`);
    const adam = parseAdamOptions(options.adam);
    const control = new SharedArrayBuffer(CONTROL_INTS * 4);
    const script = options.workerScript ?? new URL('./worker.js', import.meta.url);
    const workers: Worker[] = [];
    for (let index = 0; index < n; index++) {
      const setup: WorkerSetup = {
        index,
        workers: n,
        module: String(options.model.module),
        exportName: options.model.export ?? 'createReplica',
        config: options.model.config,
        backend: options.backend ?? 'wasm',
        control,
        profile: options.profile ?? false,
      };
      workers.push(new Worker(script, { workerData: setup, execArgv: options.execArgv }));
    }
    const collector = new Collector(workers);
    try {
      const layouts = (await collector.all('layout')) as Extract<FromWorker, { type: 'layout' }>[];
      const layout = layoutOf(layouts[0].slots);
      for (const l of layouts) {
        if (JSON.stringify(l.slots) !== JSON.stringify(layouts[0].slots)) {
          throw new ConfigError(`worker ${l.index} built different variables than worker 0`, 'the replica factory must be deterministic in its variables (names and shapes)');
        }
      }
      const trainer = new DataParallelTrainer(workers, layout);
      collector.handOver(trainer);
      // one shared memory: weights [P] | gradient slots [n·P] | Adam m [P] | v [P], each 64-byte aligned
      const align = (floats: number) => Math.ceil(floats / 16) * 16;
      const P = layout.total;
      const gradsAt = align(P);
      const mAt = gradsAt + align(n * P);
      const vAt = mAt + align(P);
      const shared: SharedLayout = { weights: 0, grads: 4 * gradsAt, m: 4 * mAt, v: 4 * vAt };
      const pages = Math.ceil((4 * (vAt + align(P))) / WASM_PAGE) + 1;
      const memory = new wasmApi.Memory({ initial: pages, maximum: pages, shared: true });
      trainer.weightsView = new Float32Array(memory.buffer, shared.weights, layout.total);
      const scalars = new SharedArrayBuffer(n * SCALARS_PER_WORKER * 8);
      await trainer.broadcast({ type: 'init', memory, layout: shared, scalars, adam, seedWeightsFromWorker0: true }, 'ready');
      return trainer;
    } catch (err) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw err;
    }
  }

  /** Number of worker threads. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * One optimizer step on `batch` (rows split across the workers). `seed` drives the model's
   * sampling; `options` reach ReplicaModel.loss unchanged; `clipNorm` clips the global gradient norm.
   */
  async step(batch: HostBatch, seed: number, options: { clipNorm?: number; lossOptions?: JsonObject } = {}): Promise<ParallelStepResult> {
    const entries = Object.entries(batch);
    if (entries.length === 0) throw new ConfigError('step: the batch has no inputs');
    const rows = entries[0][1].shape[0];
    const inputs: Record<string, SharedInput> = {};
    for (const [name, { data, shape }] of entries) {
      if (shape[0] !== rows) throw new ConfigError(`step: input "${name}" has ${shape[0]} rows, "${entries[0][0]}" has ${rows}`);
      if (data.length !== shape.reduce((a, b) => a * b, 1)) throw new ConfigError(`step: input "${name}" has ${data.length} values for shape [${shape}]`);
      inputs[name] = { buffer: this.stage(name, data), shape };
    }
    const id = this.nextId++;
    const msg: ToWorker = { type: 'step', id, rows, seed, clipNorm: options.clipNorm ?? null, options: options.lossOptions ?? {}, inputs };
    const replies = await this.broadcast(msg, 'stepped');
    const all = replies as Extract<FromWorker, { type: 'stepped' }>[];
    const r = all[0];
    const phases = r.phases ? all.map((m) => m.phases ?? {}) : undefined;
    return { loss: r.loss, gradNorm: r.gradNorm, applied: r.applied, ...(phases ? { phases } : {}) };
  }

  /** The current weights by variable name (copies). Call between steps. */
  getWeights(): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = {};
    for (const s of this.layout.slots) out[s.name] = this.weightsView.slice(s.offset, s.offset + s.size);
    return out;
  }

  /** Replaces some or all weights (by name) in every worker. Adam's moments are kept. */
  async setWeights(weights: Record<string, Float32Array>): Promise<void> {
    for (const [name, values] of Object.entries(weights)) {
      const slot = this.layout.slots.find((s) => s.name === name);
      if (!slot) throw new ConfigError(`setWeights: unknown variable "${name}"`, `known: ${this.layout.slots.map((s) => s.name).join(', ')}`);
      if (values.length !== slot.size) throw new ConfigError(`setWeights: "${name}" needs ${slot.size} values, got ${values.length}`);
      this.weightsView.set(values, slot.offset);
    }
    await this.broadcast({ type: 'reload' }, 'reloaded');
  }

  /** Stops the workers. */
  async dispose(): Promise<void> {
    for (const w of this.workers) w.postMessage({ type: 'stop' } satisfies ToWorker);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Copies an input into its shared buffer (re-allocated when a larger batch arrives). */
  private stage(name: string, data: Float32Array): SharedArrayBuffer {
    let buf = this.inputs.get(name);
    if (!buf || buf.byteLength < data.byteLength) {
      buf = new SharedArrayBuffer(data.byteLength);
      this.inputs.set(name, buf);
    }
    new Float32Array(buf, 0, data.length).set(data);
    return buf;
  }

  private broadcast(msg: ToWorker, want: FromWorker['type']): Promise<FromWorker[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new TrainingError('the data-parallel trainer is busy', 'await each step before starting the next'));
    const done = new Promise<FromWorker[]>((resolve, reject) => (this.pending = { resolve, reject, want, got: [] }));
    for (const w of this.workers) w.postMessage(msg);
    return done;
  }

  /** @internal Routes a worker message to the pending request. */
  receive(msg: FromWorker): void {
    if (msg.type === 'error') return this.fail(new TrainingError(`data-parallel worker ${msg.index} failed: ${msg.message}`, 'see the cause; the trainer must be re-created'));
    const p = this.pending;
    if (!p || msg.type !== p.want) return;
    p.got.push(msg);
    if (p.got.length === this.workers.length) {
      this.pending = undefined;
      p.resolve(p.got.sort((a, b) => ('index' in a && 'index' in b ? a.index - b.index : 0)));
    }
  }

  /** @internal */
  fail(err: Error): void {
    this.failure ??= err;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(this.failure);
  }
}

/** Collects the workers' first messages before the trainer exists, then forwards to it. */
class Collector {
  private trainer: DataParallelTrainer | undefined;
  private buffered: FromWorker[] = [];
  private waiting: { want: FromWorker['type']; resolve: (m: FromWorker[]) => void; reject: (e: Error) => void } | undefined;
  private error: Error | undefined;

  constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (m: FromWorker) => this.onMessage(m));
      w.on('error', (e: Error) => this.onError(new TrainingError(`a data-parallel worker crashed: ${e.message}`, 'see the cause')));
      w.on('exit', (code) => {
        if (code !== 0) this.onError(new TrainingError(`a data-parallel worker exited with code ${code}`, 'see the messages above'));
      });
    }
  }

  all(want: FromWorker['type']): Promise<FromWorker[]> {
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => {
      this.waiting = { want, resolve, reject };
      this.check();
    });
  }

  handOver(trainer: DataParallelTrainer): void {
    this.trainer = trainer;
    this.waiting = undefined;
  }

  private onMessage(m: FromWorker): void {
    if (this.trainer) return this.trainer.receive(m);
    if (m.type === 'error') return this.onError(new TrainingError(`data-parallel worker ${m.index} failed: ${m.message}`, 'check the replica module and its config'));
    this.buffered.push(m);
    this.check();
  }

  private onError(e: Error): void {
    if (this.trainer) return this.trainer.fail(e);
    this.error ??= e;
    this.waiting?.reject(e);
  }

  private check(): void {
    const w = this.waiting;
    if (!w) return;
    const got = this.buffered.filter((m) => m.type === w.want);
    if (got.length === this.workers.length) {
      this.buffered = this.buffered.filter((m) => m.type !== w.want);
      this.waiting = undefined;
      w.resolve(got.sort((a, b) => ('index' in a && 'index' in b ? a.index - b.index : 0)));
    }
  }
}
