/**
 * f32x4 WebAssembly kernels for recurrent layers (the GRU steps in ../gru-kernel.ts), on a private
 * memory: a matrix multiply-accumulate C += A·B on row-major blocks with byte strides (so column
 * blocks of wider matrices are used in place), register-blocked by 16 output columns, then by 4;
 * in-place gate activations; and the GRU state update. Widths are multiples of 4 floats (16 bytes).
 * Plain-JS `gemmAccJs` computes the multiply on any Float32Array where SIMD is unavailable.
 */
import { exp4 } from './kernels.js';
import { ModuleWriter, type Code } from './wasm-writer.js';
import { wasmApi, WASM_PAGE, type WasmMemory } from './wasm-api.js';

/** Pointers, widths and strides in bytes. */
export interface RecurrentKernels {
  /** C[m × n] += A[m × k] · B[k × n]. */
  gemmAcc(a: number, b: number, c: number, m: number, k: number, nBytes: number, lda: number, ldb: number, ldc: number): void;
  /** In place on `rows` rows of `nBytes` each: sigmoid (hard = 0) or clip(0.2·x + 0.5, 0, 1) (hard = 1). */
  gates(p: number, rows: number, nBytes: number, stride: number, hard: number): void;
  /** dst = x ⊙ y, row by row. */
  mulRows(dst: number, x: number, y: number, rows: number, nBytes: number, dstStride: number, xStride: number, yStride: number): void;
  /**
   * GRU update per row: ĥ = tanh(a) written over a, h = z ⊙ h + (1 − z) ⊙ ĥ; z at `z`, a at `a`
   * (same row stride `accStride`), h with `hStride`.
   */
  gruBlend(z: number, a: number, h: number, rows: number, nBytes: number, accStride: number, hStride: number): void;
}

/** for (row = 0; row < rows; row++) { body(offsets) ; advance each pointer by its stride } */
function rowLoop(c: Code, rows: number, ptrs: Array<[number, number]>, body: (row: number[]) => void): void {
  const i = c.local('i32');
  const cur = ptrs.map(([p]) => {
    const l = c.local('i32');
    c.get(p).set(l);
    return l;
  });
  c.i32(0).set(i);
  c.block().loop();
  c.get(i).get(rows).i32_ge_s().br_if(1);
  body(cur);
  ptrs.forEach(([, stride], q) => c.get(cur[q]).get(stride).i32_add().set(cur[q]));
  c.get(i).i32(1).i32_add().set(i);
  c.br(0);
  c.end().end();
}

/** for (j = 0; j < nBytes; j += 16) body(j) */
function colLoop(c: Code, nBytes: number, body: (j: number) => void): void {
  const j = c.local('i32');
  c.i32(0).set(j);
  c.block().loop();
  c.get(j).get(nBytes).i32_ge_s().br_if(1);
  body(j);
  c.get(j).i32(16).i32_add().set(j);
  c.br(0);
  c.end().end();
}

function gemm(m: ModuleWriter): void {
  m.func('gemmAcc', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (c) => {
    const [a, b, cp, rows, k, nBytes, lda, ldb, ldc] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const aEnd = c.local('i32');
    const j = c.local('i32');
    const ap = c.local('i32');
    const bp = c.local('i32');
    const end16 = c.local('i32');
    const av = c.local('v128');
    const acc = [c.local('v128'), c.local('v128'), c.local('v128'), c.local('v128')];
    c.get(nBytes).i32(-64).i32_and().set(end16);
    rowLoop(c, rows, [[a, lda], [cp, ldc]], ([aRow, cRow]) => {
      c.get(aRow).get(k).i32(2).i32_shl().i32_add().set(aEnd);
      /** acc[0..blocks) = C block; acc += a[kk]·B rows; store. */
      const block = (blocks: number, limit: number, step: number) => {
        c.block().loop();
        c.get(j).get(limit).i32_ge_s().br_if(1);
        for (let q = 0; q < blocks; q++) c.get(cRow).get(j).i32_add().v128_load(16 * q).set(acc[q]);
        c.get(aRow).set(ap);
        c.get(b).get(j).i32_add().set(bp);
        c.block().loop();
        c.get(ap).get(aEnd).i32_ge_s().br_if(1);
        c.get(ap).f32_load().f32x4_splat().set(av);
        for (let q = 0; q < blocks; q++) c.get(acc[q]).get(av).get(bp).v128_load(16 * q).f32x4_mul().f32x4_add().set(acc[q]);
        c.get(ap).i32(4).i32_add().set(ap);
        c.get(bp).get(ldb).i32_add().set(bp);
        c.br(0);
        c.end().end();
        for (let q = 0; q < blocks; q++) c.get(cRow).get(j).i32_add().get(acc[q]).v128_store(16 * q);
        c.get(j).i32(step).i32_add().set(j);
        c.br(0);
        c.end().end();
      };
      c.i32(0).set(j);
      block(4, end16, 64);
      block(1, nBytes, 16);
    });
  });
}

function gates(m: ModuleWriter): void {
  m.func('gates', ['i32', 'i32', 'i32', 'i32', 'i32'], [], (c) => {
    const [p, rows, nBytes, stride, hard] = [0, 1, 2, 3, 4];
    const tmp: [number, number, number] = [c.local('v128'), c.local('v128'), c.local('v128')];
    rowLoop(c, rows, [[p, stride]], ([row]) => {
      c.get(hard).if_();
      colLoop(c, nBytes, (j) => {
        c.get(row).get(j).i32_add();
        c.get(row).get(j).i32_add().v128_load().f32(0.2).f32x4_splat().f32x4_mul().f32(0.5).f32x4_splat().f32x4_add();
        c.f32(0).f32x4_splat().f32x4_max().f32(1).f32x4_splat().f32x4_min().v128_store();
      });
      c.else_();
      colLoop(c, nBytes, (j) => {
        c.get(row).get(j).i32_add();
        c.f32(1).f32x4_splat();
        c.f32(1).f32x4_splat();
        c.get(row).get(j).i32_add().v128_load().f32x4_neg();
        exp4(c, tmp);
        c.f32x4_add().f32x4_div().v128_store();
      });
      c.end();
    });
  });
}

function mulRows(m: ModuleWriter): void {
  m.func('mulRows', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (c) => {
    const [dst, x, y, rows, nBytes, ds, xs, ys] = [0, 1, 2, 3, 4, 5, 6, 7];
    rowLoop(c, rows, [[dst, ds], [x, xs], [y, ys]], ([d, xr, yr]) => {
      colLoop(c, nBytes, (j) => {
        c.get(d).get(j).i32_add();
        c.get(xr).get(j).i32_add().v128_load();
        c.get(yr).get(j).i32_add().v128_load().f32x4_mul().v128_store();
      });
    });
  });
}

function gruBlend(m: ModuleWriter): void {
  m.func('gruBlend', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (c) => {
    const [zp, ap, hp, rows, nBytes, accStride, hStride] = [0, 1, 2, 3, 4, 5, 6];
    const tmp: [number, number, number] = [c.local('v128'), c.local('v128'), c.local('v128')];
    const x = c.local('v128');
    const e = c.local('v128');
    const hh = c.local('v128');
    const z = c.local('v128');
    rowLoop(c, rows, [[zp, accStride], [ap, accStride], [hp, hStride]], ([zr, ar, hr]) => {
      colLoop(c, nBytes, (j) => {
        // tanh(x) = sign(x)·(1 − e)/(1 + e), e = exp(−2|x|)
        c.get(ar).get(j).i32_add().v128_load().set(x);
        c.get(x).f32x4_abs().f32(-2).f32x4_splat().f32x4_mul();
        exp4(c, tmp);
        c.set(e);
        c.f32(1).f32x4_splat().get(e).f32x4_sub();
        c.f32(1).f32x4_splat().get(e).f32x4_add().f32x4_div().set(hh);
        c.get(hh).f32x4_neg().get(hh).get(x).f32(0).f32x4_splat().f32x4_lt().v128_bitselect().set(hh);
        c.get(ar).get(j).i32_add().get(hh).v128_store();
        // h = hh + z·(h − hh)
        c.get(zr).get(j).i32_add().v128_load().set(z);
        c.get(hr).get(j).i32_add();
        c.get(hh).get(z).get(hr).get(j).i32_add().v128_load().get(hh).f32x4_sub().f32x4_mul().f32x4_add().v128_store();
      });
    });
  });
}

/** A private memory with the kernels bound to it. */
export interface RecurrentWorkspace {
  kernels: RecurrentKernels;
  memory: WasmMemory;
  /** Ensures room for n floats and returns a Float32Array over the whole memory (valid until the next call). */
  floats(n: number): Float32Array;
}

let compiled: object | null | undefined;
let workspace: RecurrentWorkspace | null | undefined;

/** The shared workspace, or null where WebAssembly SIMD is unavailable. */
export function recurrentWorkspace(): RecurrentWorkspace | null {
  if (workspace !== undefined) return workspace;
  if (compiled === undefined) {
    const m = new ModuleWriter({ shared: false });
    gemm(m);
    gates(m);
    mulRows(m);
    gruBlend(m);
    const bytes = m.encode();
    compiled = wasmApi.validate(bytes) ? new wasmApi.Module(bytes) : null;
  }
  if (!compiled) return (workspace = null);
  const memory = new wasmApi.Memory({ initial: 16 });
  const kernels = new wasmApi.Instance(compiled, { env: { memory } }).exports as unknown as RecurrentKernels;
  workspace = {
    kernels,
    memory,
    floats(n: number): Float32Array {
      const bytes = 4 * n;
      const have = memory.buffer.byteLength;
      if (bytes > have) memory.grow(Math.ceil((bytes - have) / WASM_PAGE));
      return new Float32Array(memory.buffer);
    },
  };
  return workspace;
}

/** C += A·B in plain JS on float offsets of one array (row strides in floats). */
export function gemmAccJs(mem: Float32Array, a: number, b: number, c: number, m: number, k: number, n: number, lda: number, ldb: number, ldc: number): void {
  for (let i = 0; i < m; i++) {
    const ar = a + i * lda;
    const cr = c + i * ldc;
    for (let p = 0; p < k; p++) {
      const v = mem[ar + p];
      if (v === 0) continue;
      const br = b + p * ldb;
      for (let j = 0; j < n; j++) mem[cr + j] += v * mem[br + j];
    }
  }
}
