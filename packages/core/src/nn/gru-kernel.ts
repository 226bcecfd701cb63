import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import type { JsKernelSpec } from './js-kernel.js';
import { gemmAccJs, recurrentWorkspace } from './simd/recurrent.js';

/**
 * The GRU recurrence (reset_after = false, gate order z, r, h) as two kernels that each run all T
 * steps in one call, instead of the dozens of tfjs kernels per step that an op-by-op unrolled
 * recurrence costs (each ~50–100 µs on wasm, FACTS.md). The input projection x·W + b is not in
 * here: the caller does it for all steps in one multiply, and the weight gradient dU is one multiply
 * too (from the transposed states this backward writes), so only the products that must be
 * sequential — [B, H] × [H, 3H] per step — run here, batched over the B sequences: in an f32x4
 * WebAssembly multiply (simd/gemm.ts) when H is a multiple of 4, else in plain JS. Gates and the
 * element-wise updates run in JS between the multiplies.
 */

/** sigmoid, or hard sigmoid clip(0.2·a + 0.5, 0, 1) as tfjs-layers and ONNX HardSigmoid. */
function gate(a: number, hard: boolean): number {
  if (hard) return a <= -2.5 ? 0 : a >= 2.5 ? 1 : 0.2 * a + 0.5;
  return 1 / (1 + Math.exp(-a));
}

/** Step s of the processing order reads and writes time index t. */
function timeIndex(s: number, steps: number, backwards: boolean): number {
  return backwards ? steps - 1 - s : s;
}

/**
 * The step operations on float offsets of one work array `mem` (row strides in floats): f32x4
 * WebAssembly (simd/recurrent.ts) when the units are a multiple of 4, else plain JS.
 */
interface Ops {
  mem: Float32Array;
  /** C[m × n] += A[m × k] · B[k × n]. */
  gemm(a: number, b: number, c: number, m: number, k: number, n: number, lda: number, ldb: number, ldc: number): void;
  /** In-place gate activation on rows × n. */
  gates(p: number, rows: number, n: number, stride: number, hard: boolean): void;
  /** dst = x ⊙ y on rows × n. */
  mul(dst: number, x: number, y: number, rows: number, n: number, ds: number, xs: number, ys: number): void;
  /** ĥ = tanh(a) (written over a), h = z ⊙ h + (1 − z) ⊙ ĥ on rows × n. */
  blend(z: number, a: number, h: number, rows: number, n: number, accStride: number, hStride: number): void;
}

function simdOps(floats: number, units: number): Ops | null {
  const ws = units % 4 === 0 ? recurrentWorkspace() : null;
  if (!ws) return null;
  const mem = ws.floats(floats);
  const k = ws.kernels;
  return {
    mem,
    gemm: (a, b, c, m, kk, n, lda, ldb, ldc) => k.gemmAcc(4 * a, 4 * b, 4 * c, m, kk, 4 * n, 4 * lda, 4 * ldb, 4 * ldc),
    gates: (p, rows, n, stride, hard) => k.gates(4 * p, rows, 4 * n, 4 * stride, hard ? 1 : 0),
    mul: (dst, x, y, rows, n, ds, xs, ys) => k.mulRows(4 * dst, 4 * x, 4 * y, rows, 4 * n, 4 * ds, 4 * xs, 4 * ys),
    blend: (z, a, h, rows, n, as, hs) => k.gruBlend(4 * z, 4 * a, 4 * h, rows, 4 * n, 4 * as, 4 * hs),
  };
}

function jsOps(floats: number): Ops {
  const mem = new Float32Array(floats);
  return {
    mem,
    gemm: (a, b, c, m, kk, n, lda, ldb, ldc) => gemmAccJs(mem, a, b, c, m, kk, n, lda, ldb, ldc),
    gates(p, rows, n, stride, hard) {
      for (let i = 0; i < rows; i++) for (let j = p + i * stride; j < p + i * stride + n; j++) mem[j] = gate(mem[j], hard);
    },
    mul(dst, x, y, rows, n, ds, xs, ys) {
      for (let i = 0; i < rows; i++) for (let j = 0; j < n; j++) mem[dst + i * ds + j] = mem[x + i * xs + j] * mem[y + i * ys + j];
    },
    blend(z, a, h, rows, n, as, hs) {
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < n; j++) {
          const hh = Math.tanh(mem[a + i * as + j]);
          mem[a + i * as + j] = hh;
          const zz = mem[z + i * as + j];
          mem[h + i * hs + j] = zz * mem[h + i * hs + j] + (1 - zz) * hh;
        }
      }
    },
  };
}

/** A float32 work area of `floats` elements and the step operations on it. */
function workArea(floats: number, units: number): Ops {
  return simdOps(floats, units) ?? jsOps(floats);
}

/** Hands out consecutive float offsets, 4-aligned (16 bytes). */
function layout(sizes: number[]): { offsets: number[]; total: number } {
  const offsets: number[] = [];
  let at = 0;
  for (const s of sizes) {
    offsets.push(at);
    at += (s + 3) & ~3;
  }
  return { offsets, total: at };
}

/**
 * Forward. Inputs: xw [B, T, 3H] (x·W + b), u [H, 3H], h0 [B, H]. Outputs: hs [B, T, H] (in input
 * time order) and, with attr `withGates`, gates [B, T, 3H] = (z, r, ĥ) for the backward pass.
 */
export const GRU_FORWARD_KERNEL: JsKernelSpec = {
  name: 'VaekitGruForward',
  inputs: ['xw', 'u', 'h0'],
  outputShapes(shapes: number[][], attrs: NamedAttrMap): number[][] {
    const [b, t, h3] = shapes[0];
    const out = [[b, t, h3 / 3]];
    if (attrs.withGates) out.push([b, t, h3]);
    return out;
  },
  run(inputs, outputs, shapes, attrs) {
    const [xw, u, h0] = inputs;
    const [hs, gates] = outputs;
    const [B, T, h3] = shapes[0];
    const H = h3 / 3;
    const hard = Boolean(attrs.hard);
    const backwards = Boolean(attrs.backwards);
    const { offsets, total } = layout([H * h3, B * H, B * h3, B * H]);
    const [oU, oH, oAcc, oRh] = offsets;
    const ops = workArea(total, H);
    const mem = ops.mem;
    mem.set(u, oU);
    mem.set(h0, oH);
    for (let s = 0; s < T; s++) {
      const t = timeIndex(s, T, backwards);
      for (let b = 0; b < B; b++) mem.set(xw.subarray((b * T + t) * h3, (b * T + t + 1) * h3), oAcc + b * h3);
      ops.gemm(oH, oU, oAcc, B, H, 2 * H, H, h3, h3); // acc[z r] += h · U[:, z r]
      ops.gates(oAcc, B, 2 * H, h3, hard);
      ops.mul(oRh, oAcc + H, oH, B, H, H, h3, H); // r ⊙ h
      ops.gemm(oRh, oU + 2 * H, oAcc + 2 * H, B, H, H, H, h3, h3); // acc[h] += (r ⊙ h) · U[:, h]
      ops.blend(oAcc, oAcc + 2 * H, oH, B, H, h3, H);
      for (let b = 0; b < B; b++) {
        hs.set(mem.subarray(oH + b * H, oH + (b + 1) * H), (b * T + t) * H);
        if (gates) gates.set(mem.subarray(oAcc + b * h3, oAcc + (b + 1) * h3), (b * T + t) * h3);
      }
    }
  },
};

/**
 * Backward through time. Inputs: dhs [B, T, H] (gradient of the outputs), gates [B, T, 3H],
 * hs [B, T, H], h0 [B, H], u [H, 3H]. Outputs: dxw [B, T, 3H] (gradient of the pre-activations,
 * = of x·W + b), dh0 [B, H] and dU [H, 3H], accumulated step by step as
 * dU[:, z r] += h_prevᵀ · da[z r] and dU[:, h] += (r ⊙ h_prev)ᵀ · da_h (plain multiplies on the
 * step's transposed states: no [H, B·T] matrices, no transposed multiply, FACTS.md).
 */
export const GRU_BACKWARD_KERNEL: JsKernelSpec = {
  name: 'VaekitGruBackward',
  inputs: ['dhs', 'gates', 'hs', 'h0', 'u'],
  outputShapes(shapes: number[][]): number[][] {
    const [b, t, h3] = shapes[1];
    const H = h3 / 3;
    return [[b, t, h3], [b, H], [H, h3]];
  },
  run(inputs, outputs, shapes, attrs) {
    const [dhs, gates, hs, h0, u] = inputs;
    const [dxw, dh0, du] = outputs;
    const [B, T, h3] = shapes[1];
    const H = h3 / 3;
    const hard = Boolean(attrs.hard);
    const backwards = Boolean(attrs.backwards);
    // U[:, h]ᵀ [H, H] and U[:, z r]ᵀ [2H, H]; carried gradient dh, its next value, d(r ⊙ h), da [B, 3H],
    // h_prev [B, H], h_prevᵀ and (r ⊙ h_prev)ᵀ [H, B], and the accumulated dU [H, 3H]
    const { offsets, total } = layout([H * H, 2 * H * H, B * H, B * H, B * H, B * h3, B * H, H * B, H * B, H * h3]);
    const [oUhT, oUzrT, oDh, oNext, oDrh, oDa, oHp, oHpT, oRhT, oDu] = offsets;
    const ops = workArea(total, H);
    const mem = ops.mem;
    for (let k = 0; k < H; k++) {
      for (let j = 0; j < H; j++) mem[oUhT + j * H + k] = u[k * h3 + 2 * H + j];
      for (let j = 0; j < 2 * H; j++) mem[oUzrT + j * H + k] = u[k * h3 + j];
    }
    mem.fill(0, oDh, oDh + B * H);
    mem.fill(0, oDu, oDu + H * h3);
    for (let s = T - 1; s >= 0; s--) {
      const t = timeIndex(s, T, backwards);
      const tPrev = s === 0 ? -1 : timeIndex(s - 1, T, backwards);
      for (let b = 0; b < B; b++) {
        const src = tPrev < 0 ? h0.subarray(b * H, (b + 1) * H) : hs.subarray((b * T + tPrev) * H, (b * T + tPrev + 1) * H);
        mem.set(src, oHp + b * H);
      }
      mem.fill(0, oDrh, oDrh + B * H);
      for (let b = 0; b < B; b++) {
        const row = (b * T + t) * h3;
        const at = (b * T + t) * H;
        const da = oDa + b * h3;
        const dh = oDh + b * H;
        const next = oNext + b * H;
        const hp = oHp + b * H;
        for (let j = 0; j < H; j++) {
          const g = mem[dh + j] + dhs[at + j];
          const z = gates[row + j];
          const hh = gates[row + 2 * H + j];
          mem[da + j] = g * (mem[hp + j] - hh) * (hard ? (z > 0 && z < 1 ? 0.2 : 0) : z * (1 - z)); // d a_z
          mem[da + H + j] = 0;
          mem[da + 2 * H + j] = g * (1 - z) * (1 - hh * hh); // d a_h
          mem[next + j] = g * z;
        }
      }
      ops.gemm(oDa + 2 * H, oUhT, oDrh, B, H, H, h3, H, H); // d(r ⊙ h) = da_h · U[:, h]ᵀ
      for (let b = 0; b < B; b++) {
        const row = (b * T + t) * h3;
        const da = oDa + b * h3;
        const drh = oDrh + b * H;
        const next = oNext + b * H;
        const hp = oHp + b * H;
        for (let k = 0; k < H; k++) {
          const r = gates[row + H + k];
          const d = mem[drh + k];
          mem[da + H + k] = d * mem[hp + k] * (hard ? (r > 0 && r < 1 ? 0.2 : 0) : r * (1 - r)); // d a_r
          mem[next + k] += d * r;
        }
      }
      ops.gemm(oDa, oUzrT, oNext, B, 2 * H, H, h3, H, H); // dh_prev += da[z r] · U[:, z r]ᵀ
      for (let b = 0; b < B; b++) {
        const row = (b * T + t) * h3;
        const hp = oHp + b * H;
        dxw.set(mem.subarray(oDa + b * h3, oDa + (b + 1) * h3), row);
        for (let k = 0; k < H; k++) {
          const v = mem[hp + k];
          mem[oHpT + k * B + b] = v;
          mem[oRhT + k * B + b] = v * gates[row + H + k];
        }
      }
      ops.gemm(oHpT, oDa, oDu, H, B, 2 * H, B, h3, h3); // dU[:, z r] += h_prevᵀ · da[z r]
      ops.gemm(oRhT, oDa + 2 * H, oDu + 2 * H, H, B, H, B, h3, h3); // dU[:, h] += (r ⊙ h_prev)ᵀ · da_h
      mem.copyWithin(oDh, oNext, oNext + B * H);
    }
    dh0.set(mem.subarray(oDh, oDh + B * H));
    du.set(mem.subarray(oDu, oDu + H * h3));
  },
};
