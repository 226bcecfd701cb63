import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorInfoMap, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmMemory } from './simd/wasm-api.js';

/**
 * What a kernel's wasm-heap path gets: byte offsets of its inputs and (already allocated) outputs in
 * the backend's memory, and a persistent scratch region. Call `scratch` before `f32`: an allocation
 * can grow the memory, which detaches earlier views.
 */
export interface HeapContext {
  memory: WasmMemory;
  inputs: number[];
  outputs: number[];
  /** Byte offset of a scratch region of at least `bytes` (16-byte aligned), kept between calls. */
  scratch(bytes: number): number;
  /** A Float32Array view of the whole memory, valid until the next allocation. */
  f32(): Float32Array;
}

/**
 * A float32 kernel written in plain JavaScript over typed arrays. One pass of JS over the data
 * replaces a chain of element-wise TensorFlow.js kernels (each a full pass over memory, and on wasm
 * a scalar loop): the fused ops in this folder are built on it.
 */
export interface JsKernelSpec {
  /** Kernel name in the tfjs registry (shows up in tf.profile). */
  readonly name: string;
  /** Names of the inputs, in the order `run` receives them. */
  readonly inputs: readonly string[];
  /** Output shapes for these input shapes and attributes. */
  outputShapes(inputShapes: number[][], attrs: NamedAttrMap): number[][];
  /** Fills `outputs` (zero-initialised only on the generic path: write every element). */
  run(inputs: Float32Array[], outputs: Float32Array[], inputShapes: number[][], attrs: NamedAttrMap): void;
  /**
   * Optional faster path on the wasm backend (SIMD kernels on the heap, no copies). Returns false
   * when it cannot run (no SIMD): `run` is used instead.
   */
  runHeap?(ctx: HeapContext, inputShapes: number[][], attrs: NamedAttrMap): boolean;
}

/** The wasm backend's zero-copy accessors (duck-typed so core does not import the wasm package). */
interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  getMemoryOffset(dataId: object): number;
  wasm: { asm?: { memory?: WasmMemory }; _malloc(bytes: number): number; _free(ptr: number): void };
}

/** Per-(backend, kernel) scratch allocations on the wasm heap. */
const scratchRegions = new WeakMap<object, Map<string, { ptr: number; bytes: number }>>();

function heapContext(backend: HeapBackend, kernel: string, memory: WasmMemory, inputs: TensorInfo[], outputs: TensorInfo[]): HeapContext {
  return {
    memory,
    inputs: inputs.map((i) => backend.getMemoryOffset(i.dataId)),
    outputs: outputs.map((o) => backend.getMemoryOffset(o.dataId)),
    scratch(bytes: number): number {
      let regions = scratchRegions.get(backend);
      if (!regions) scratchRegions.set(backend, (regions = new Map()));
      let r = regions.get(kernel);
      if (!r || r.bytes < bytes) {
        if (r) backend.wasm._free(r.ptr);
        r = { ptr: backend.wasm._malloc(bytes + 16) >>> 0, bytes };
        regions.set(kernel, r);
      }
      return (r.ptr + 15) & ~15;
    },
    f32: () => new Float32Array(memory.buffer),
  };
}

/** The minimum every tfjs backend offers. */
interface AnyBackend {
  readSync(dataId: object): unknown;
  write(values: Float32Array, shape: number[], dtype: 'float32'): object;
}

function isHeapBackend(backend: object): backend is HeapBackend {
  const b = backend as Partial<HeapBackend>;
  return typeof b.makeOutput === 'function' && typeof b.typedArrayFromHeap === 'function';
}

function kernelFuncFor(spec: JsKernelSpec) {
  return ({ inputs, backend, attrs }: { inputs: NamedTensorInfoMap; backend: object; attrs?: NamedAttrMap }): TensorInfo[] => {
    const infos = spec.inputs.map((name) => {
      const info = inputs[name];
      if (!info) throw new Error(`${spec.name}: missing input "${name}"`);
      if (info.dtype !== 'float32') throw new Error(`${spec.name}: input "${name}" must be float32, got ${info.dtype}`);
      return info;
    });
    const shapes = infos.map((i) => i.shape);
    const outShapes = spec.outputShapes(shapes, attrs ?? {});
    if (isHeapBackend(backend)) {
      // Allocate every output first: a later malloc may grow (and detach) the wasm heap.
      const outInfos = outShapes.map((s) => backend.makeOutput(s, 'float32'));
      const memory = backend.wasm.asm?.memory;
      if (spec.runHeap && memory && spec.runHeap(heapContext(backend, spec.name, memory, infos, outInfos), shapes, attrs ?? {})) {
        return outInfos;
      }
      const ins = infos.map((i) => backend.typedArrayFromHeap(i));
      const outs = outInfos.map((o) => backend.typedArrayFromHeap(o));
      spec.run(ins, outs, shapes, attrs ?? {});
      return outInfos;
    }
    const generic = backend as AnyBackend;
    const ins = infos.map((i) => {
      const v = generic.readSync(i.dataId);
      return v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number>);
    });
    const outs = outShapes.map((s) => new Float32Array(s.reduce((a, b) => a * b, 1)));
    spec.run(ins, outs, shapes, attrs ?? {});
    return outs.map((values, k) => ({ dataId: generic.write(values, outShapes[k], 'float32'), shape: outShapes[k], dtype: 'float32' }));
  };
}

const specs = new Map<string, JsKernelSpec>();

/** Registers a JS kernel; it runs on whichever backend is active (registered for it on first use). */
export function defineJsKernel(spec: JsKernelSpec): void {
  specs.set(spec.name, spec);
}

/** Runs a kernel defined with `defineJsKernel` on the active backend; returns its outputs. */
export function runJsKernel(name: string, inputs: Record<string, Tensor>, attrs: NamedAttrMap = {}): Tensor[] {
  const spec = specs.get(name);
  if (!spec) throw new Error(`unknown JS kernel ${name}`);
  const backendName = tf.getBackend();
  if (tf.getKernel(name, backendName) == null) {
    tf.registerKernel({ kernelName: name, backendName, kernelFunc: kernelFuncFor(spec) as unknown as tf.KernelFunc });
  }
  const out = tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs);
  return (Array.isArray(out) ? out : [out]) as Tensor[];
}

/**
 * The float32 values of `t` without a copy where the backend allows it (wasm heap view, cpu
 * array), else a copy. A view is only valid until the next tensor allocation: use it at once.
 */
export function float32View(t: Tensor): Float32Array {
  const backend = tf.backend() as object;
  if (t.dtype === 'float32' && isHeapBackend(backend)) return backend.typedArrayFromHeap({ dataId: t.dataId, shape: t.shape, dtype: 'float32' });
  const v = t.dataSync();
  return v instanceof Float32Array ? v : Float32Array.from(v);
}
