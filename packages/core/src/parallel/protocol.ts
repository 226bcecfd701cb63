/**
 * Messages between the data-parallel trainer (main thread) and its workers. Bulk data never goes
 * through messages: batches, gradients and weights live in SharedArrayBuffers both sides map.
 */
import type { JsonObject, JsonValue } from '../plugins/contracts.js';
import type { AdamOptions } from '../nn/fused-adam.js';
import type { WasmMemory } from '../nn/simd/wasm-api.js';
import type { VariableSlot } from './layout.js';

/** Given to each worker at start (workerData). */
export interface WorkerSetup {
  index: number;
  workers: number;
  /** URL of the ESM module that builds the replica. */
  module: string;
  /** Its export: a ReplicaFactory. */
  exportName: string;
  config: JsonValue;
  /** tfjs engine for the worker ('wasm' unless told otherwise). */
  backend: string;
  control: SharedArrayBuffer;
  /** Measure each phase of a step (milliseconds, reported with every 'stepped'). */
  profile?: boolean;
}

/** One batch input: row-major float32 data in a shared buffer, first axis = rows. */
export interface SharedInput {
  buffer: SharedArrayBuffer;
  shape: number[];
}

/**
 * The shared float32 arrays, as byte offsets into one shared WebAssembly.Memory (so the SIMD
 * kernels can work on them): weights [P], the workers' gradient slots [n × P], Adam's m and v [P].
 */
export interface SharedLayout {
  weights: number;
  grads: number;
  m: number;
  v: number;
}

export type ToWorker =
  | { type: 'init'; memory: WasmMemory; layout: SharedLayout; scalars: SharedArrayBuffer; adam: AdamOptions; seedWeightsFromWorker0: boolean }
  | { type: 'step'; id: number; rows: number; seed: number; clipNorm: number | null; options: JsonObject; inputs: Record<string, SharedInput> }
  | { type: 'reload' }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'layout'; index: number; slots: Pick<VariableSlot, 'name' | 'shape'>[] }
  | { type: 'ready'; index: number }
  | { type: 'stepped'; index: number; id: number; loss: number; gradNorm: number; applied: boolean; phases?: Record<string, number> }
  | { type: 'reloaded'; index: number }
  | { type: 'error'; index: number; message: string; stack?: string };

/** Float64 slots per worker in the scalars buffer: [loss × row share, Σ g² over its shard]. */
export const SCALARS_PER_WORKER = 2;
