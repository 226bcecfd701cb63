/**
 * Instantiates the SIMD kernels (kernels.ts) on a given WebAssembly.Memory, once per memory.
 * Returns undefined where WebAssembly SIMD is unavailable or disabled: callers then use their
 * plain-JS path, which computes the same maths in float64.
 */
import { buildKernelModule } from './kernels.js';
import { wasmApi, type WasmMemory } from './wasm-api.js';

/** The exported kernel functions (pointers are byte offsets into the memory). */
export interface SimdKernels {
  adam(wIn: number, g: number, mIn: number, vIn: number, wOut: number, mOut: number, vOut: number, n: number, step: number, b1: number, b2: number, a1: number, a2: number, c2: number, eps: number): void;
  reduce2(a: number, b: number, n: number, sa: number, sb: number): number;
  rowMax(h: number, n: number): number;
  rowExp(h: number, e: number, n: number, mx: number): number;
  log1p(x: number, y: number, n: number, list: number): number;
  rowAxpy(y: number, x: number, n: number, a: number): void;
  rowScale(dst: number, src: number, n: number, a: number): void;
  rowAdd(acc: number, src: number, n: number, a: number): void;
  nbRow(h: number, x: number, e: number, theta: number, logTheta: number, lg: number, psi: number, q: number, dT: number, n: number, scale: number, logShift: number, withGrad: number, out: number, list: number): number;
}

let enabled = true;
const modules = new Map<boolean, object | null>();
const instances = new WeakMap<WasmMemory, SimdKernels>();

/** Turns the SIMD kernels off (true → on again); for tests and benchmarks that compare both paths. */
export function setSimdEnabled(on: boolean): void {
  enabled = on;
}

function moduleFor(shared: boolean): object | null {
  let mod = modules.get(shared);
  if (mod === undefined) {
    const bytes = buildKernelModule(shared);
    mod = wasmApi.validate(bytes) ? new wasmApi.Module(bytes) : null;
    modules.set(shared, mod);
  }
  return mod;
}

/** The kernels bound to `memory`, or undefined (no SIMD, or disabled). */
export function simdKernels(memory: WasmMemory): SimdKernels | undefined {
  if (!enabled) return undefined;
  let k = instances.get(memory);
  if (!k) {
    const mod = moduleFor(typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer);
    if (!mod) return undefined;
    k = new wasmApi.Instance(mod, { env: { memory } }).exports as unknown as SimdKernels;
    instances.set(memory, k);
  }
  return k;
}
