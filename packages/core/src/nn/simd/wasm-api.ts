/**
 * The slice of the WebAssembly JS API the SIMD kernels use, typed locally: the project compiles
 * with lib ES2022 only (no DOM types), where TypeScript does not declare `WebAssembly`.
 */

/** A WebAssembly.Memory (its buffer is a SharedArrayBuffer when created with shared: true). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

/** globalThis.WebAssembly (present in every Node version we support). */
export const wasmApi: WasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Bytes per WebAssembly page. */
export const WASM_PAGE = 65536;
