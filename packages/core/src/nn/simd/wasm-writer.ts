/**
 * A minimal WebAssembly binary writer: enough to emit small SIMD kernels (one imported memory,
 * functions with numeric params and locals, exports). Instructions are written through `Code`,
 * whose method names follow the text format (f32x4.mul → f32x4_mul).
 */

export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';
const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

function uleb(n: number, out: number[]): void {
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
}

function sleb(n: number, out: number[]): void {
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

function name(s: string, out: number[]): void {
  const bytes = new TextEncoder().encode(s);
  uleb(bytes.length, out);
  out.push(...bytes);
}

/** SIMD opcodes (after the 0xfd prefix) used by our kernels. */
const SIMD = {
  v128_load: 0x00,
  v128_store: 0x0b,
  i32x4_splat: 0x11,
  i32x4_replace_lane: 0x1c,
  f32x4_splat: 0x13,
  f64x2_splat: 0x14,
  i32x4_extract_lane: 0x1b,
  f32x4_extract_lane: 0x1f,
  f32x4_replace_lane: 0x20,
  f64x2_extract_lane: 0x21,
  f32x4_eq: 0x41,
  f32x4_ne: 0x42,
  f32x4_lt: 0x43,
  f32x4_gt: 0x44,
  f32x4_le: 0x45,
  f32x4_ge: 0x46,
  v128_and: 0x4e,
  v128_andnot: 0x4f,
  v128_or: 0x50,
  v128_bitselect: 0x52,
  v128_any_true: 0x53,
  f32x4_floor: 0x68,
  f32x4_nearest: 0x6a,
  i32x4_shl: 0xab,
  i32x4_shr_s: 0xac,
  i32x4_add: 0xae,
  i32x4_sub: 0xb1,
  i32x4_mul: 0xb5,
  f32x4_abs: 0xe0,
  f32x4_neg: 0xe1,
  f32x4_sqrt: 0xe3,
  f32x4_add: 0xe4,
  f32x4_sub: 0xe5,
  f32x4_mul: 0xe6,
  f32x4_div: 0xe7,
  f32x4_min: 0xe8,
  f32x4_max: 0xe9,
  f64x2_add: 0xf0,
  f64x2_mul: 0xf2,
  i32x4_trunc_sat_f32x4_s: 0xf8,
  f32x4_convert_i32x4_s: 0xfa,
  f64x2_promote_low_f32x4: 0x5f,
} as const;

/** Function body builder. Locals are numbered after the params, in the order declared. */
export class Code {
  readonly bytes: number[] = [];
  private readonly locals: ValType[] = [];
  constructor(private readonly nParams: number) {}

  /** Declares a local and returns its index. */
  local(type: ValType): number {
    this.locals.push(type);
    return this.nParams + this.locals.length - 1;
  }

  private op(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  private simd(code: number, ...imm: number[]): this {
    this.bytes.push(0xfd);
    uleb(code, this.bytes);
    this.bytes.push(...imm);
    return this;
  }
  private memarg(align: number, offset: number): number[] {
    const out: number[] = [];
    uleb(align, out);
    uleb(offset, out);
    return out;
  }

  // control
  block(): this {
    return this.op(0x02, 0x40);
  }
  loop(): this {
    return this.op(0x03, 0x40);
  }
  if_(): this {
    return this.op(0x04, 0x40);
  }
  else_(): this {
    return this.op(0x05);
  }
  end(): this {
    return this.op(0x0b);
  }
  br(depth: number): this {
    return this.op(0x0c, depth);
  }
  br_if(depth: number): this {
    return this.op(0x0d, depth);
  }
  select(): this {
    return this.op(0x1b);
  }
  drop(): this {
    return this.op(0x1a);
  }

  // locals and constants
  get(i: number): this {
    this.bytes.push(0x20);
    uleb(i, this.bytes);
    return this;
  }
  set(i: number): this {
    this.bytes.push(0x21);
    uleb(i, this.bytes);
    return this;
  }
  tee(i: number): this {
    this.bytes.push(0x22);
    uleb(i, this.bytes);
    return this;
  }
  i32(v: number): this {
    this.bytes.push(0x41);
    sleb(v | 0, this.bytes);
    return this;
  }
  f32(v: number): this {
    this.bytes.push(0x43, ...new Uint8Array(Float32Array.of(v).buffer));
    return this;
  }
  f64(v: number): this {
    this.bytes.push(0x44, ...new Uint8Array(Float64Array.of(v).buffer));
    return this;
  }

  // scalar memory (natural alignment)
  i32_load(offset = 0): this {
    return this.op(0x28, ...this.memarg(2, offset));
  }
  f32_load(offset = 0): this {
    return this.op(0x2a, ...this.memarg(2, offset));
  }
  f64_load(offset = 0): this {
    return this.op(0x2b, ...this.memarg(3, offset));
  }
  i32_store(offset = 0): this {
    return this.op(0x36, ...this.memarg(2, offset));
  }
  f32_store(offset = 0): this {
    return this.op(0x38, ...this.memarg(2, offset));
  }
  f64_store(offset = 0): this {
    return this.op(0x39, ...this.memarg(3, offset));
  }

  // scalar arithmetic
  i32_eqz(): this {
    return this.op(0x45);
  }
  i32_eq(): this {
    return this.op(0x46);
  }
  i32_lt_s(): this {
    return this.op(0x48);
  }
  i32_ge_s(): this {
    return this.op(0x4e);
  }
  i32_add(): this {
    return this.op(0x6a);
  }
  i32_and(): this {
    return this.op(0x71);
  }
  i32_sub(): this {
    return this.op(0x6b);
  }
  i32_mul(): this {
    return this.op(0x6c);
  }
  i32_shl(): this {
    return this.op(0x74);
  }
  f32_add(): this {
    return this.op(0x92);
  }
  f32_sub(): this {
    return this.op(0x93);
  }
  f32_mul(): this {
    return this.op(0x94);
  }
  f32_div(): this {
    return this.op(0x95);
  }
  f32_max(): this {
    return this.op(0x97);
  }
  f32_sqrt(): this {
    return this.op(0x91);
  }
  f64_add(): this {
    return this.op(0xa0);
  }
  f64_sub(): this {
    return this.op(0xa1);
  }
  f64_mul(): this {
    return this.op(0xa2);
  }
  f64_promote_f32(): this {
    return this.op(0xbb);
  }
  f32_demote_f64(): this {
    return this.op(0xb6);
  }

  // SIMD (memory ops take a 16-byte-aligned hint only; unaligned access is still correct)
  v128_load(offset = 0): this {
    return this.simd(SIMD.v128_load, ...this.memarg(4, offset));
  }
  v128_store(offset = 0): this {
    return this.simd(SIMD.v128_store, ...this.memarg(4, offset));
  }
  i32x4_splat(): this {
    return this.simd(SIMD.i32x4_splat);
  }
  f32x4_splat(): this {
    return this.simd(SIMD.f32x4_splat);
  }
  f64x2_splat(): this {
    return this.simd(SIMD.f64x2_splat);
  }
  i32x4_extract_lane(lane: number): this {
    return this.simd(SIMD.i32x4_extract_lane, lane);
  }
  i32x4_replace_lane(lane: number): this {
    return this.simd(SIMD.i32x4_replace_lane, lane);
  }
  f32x4_extract_lane(lane: number): this {
    return this.simd(SIMD.f32x4_extract_lane, lane);
  }
  f32x4_replace_lane(lane: number): this {
    return this.simd(SIMD.f32x4_replace_lane, lane);
  }
  f64x2_extract_lane(lane: number): this {
    return this.simd(SIMD.f64x2_extract_lane, lane);
  }
  f32x4_eq(): this {
    return this.simd(SIMD.f32x4_eq);
  }
  f32x4_ne(): this {
    return this.simd(SIMD.f32x4_ne);
  }
  f32x4_lt(): this {
    return this.simd(SIMD.f32x4_lt);
  }
  f32x4_gt(): this {
    return this.simd(SIMD.f32x4_gt);
  }
  f32x4_le(): this {
    return this.simd(SIMD.f32x4_le);
  }
  f32x4_ge(): this {
    return this.simd(SIMD.f32x4_ge);
  }
  v128_and(): this {
    return this.simd(SIMD.v128_and);
  }
  v128_andnot(): this {
    return this.simd(SIMD.v128_andnot);
  }
  v128_or(): this {
    return this.simd(SIMD.v128_or);
  }
  /** (a, b, mask) → mask ? a : b, bitwise. */
  v128_bitselect(): this {
    return this.simd(SIMD.v128_bitselect);
  }
  v128_any_true(): this {
    return this.simd(SIMD.v128_any_true);
  }
  f32x4_floor(): this {
    return this.simd(SIMD.f32x4_floor);
  }
  f32x4_nearest(): this {
    return this.simd(SIMD.f32x4_nearest);
  }
  i32x4_shl(): this {
    return this.simd(SIMD.i32x4_shl);
  }
  i32x4_add(): this {
    return this.simd(SIMD.i32x4_add);
  }
  i32x4_shr_s(): this {
    return this.simd(SIMD.i32x4_shr_s);
  }
  i32x4_sub(): this {
    return this.simd(SIMD.i32x4_sub);
  }
  i32x4_mul(): this {
    return this.simd(SIMD.i32x4_mul);
  }
  f32x4_abs(): this {
    return this.simd(SIMD.f32x4_abs);
  }
  f32x4_neg(): this {
    return this.simd(SIMD.f32x4_neg);
  }
  f32x4_sqrt(): this {
    return this.simd(SIMD.f32x4_sqrt);
  }
  f32x4_add(): this {
    return this.simd(SIMD.f32x4_add);
  }
  f32x4_sub(): this {
    return this.simd(SIMD.f32x4_sub);
  }
  f32x4_mul(): this {
    return this.simd(SIMD.f32x4_mul);
  }
  f32x4_div(): this {
    return this.simd(SIMD.f32x4_div);
  }
  f32x4_min(): this {
    return this.simd(SIMD.f32x4_min);
  }
  f32x4_max(): this {
    return this.simd(SIMD.f32x4_max);
  }
  f64x2_add(): this {
    return this.simd(SIMD.f64x2_add);
  }
  f64x2_mul(): this {
    return this.simd(SIMD.f64x2_mul);
  }
  i32x4_trunc_sat_f32x4_s(): this {
    return this.simd(SIMD.i32x4_trunc_sat_f32x4_s);
  }
  f32x4_convert_i32x4_s(): this {
    return this.simd(SIMD.f32x4_convert_i32x4_s);
  }
  f64x2_promote_low_f32x4(): this {
    return this.simd(SIMD.f64x2_promote_low_f32x4);
  }
  /** i8x16.shuffle with 16 lane indices. */
  i8x16_shuffle(lanes: number[]): this {
    return this.simd(0x0d, ...lanes);
  }

  /** The encoded body: locals (run-length by type) then the code and `end`. */
  encode(): number[] {
    const out: number[] = [];
    const runs: [number, ValType][] = [];
    for (const t of this.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0] += 1;
      else runs.push([1, t]);
    }
    uleb(runs.length, out);
    for (const [count, t] of runs) {
      uleb(count, out);
      out.push(VALTYPE[t]);
    }
    out.push(...this.bytes, 0x0b);
    const body: number[] = [];
    uleb(out.length, body);
    return body.concat(out);
  }
}

interface FuncDef {
  name: string;
  params: ValType[];
  results: ValType[];
  code: Code;
}

/** A module with one imported memory ("env", "memory") and exported functions. */
export class ModuleWriter {
  private readonly funcs: FuncDef[] = [];
  constructor(private readonly memory: { shared: boolean }) {}

  /** Adds an exported function; `build` writes its body (params are locals 0 … n−1). */
  func(name: string, params: ValType[], results: ValType[], build: (c: Code) => void): void {
    const code = new Code(params.length);
    build(code);
    this.funcs.push({ name, params, results, code });
  }

  /** The module's bytes. */
  encode(): Uint8Array {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const section = (id: number, body: number[]) => {
      out.push(id);
      uleb(body.length, out);
      out.push(...body);
    };
    const types: number[] = [];
    uleb(this.funcs.length, types);
    for (const f of this.funcs) {
      types.push(0x60);
      uleb(f.params.length, types);
      types.push(...f.params.map((t) => VALTYPE[t]));
      uleb(f.results.length, types);
      types.push(...f.results.map((t) => VALTYPE[t]));
    }
    section(1, types);
    const imports: number[] = [1];
    name('env', imports);
    name('memory', imports);
    imports.push(0x02);
    if (this.memory.shared) {
      imports.push(0x03);
      uleb(1, imports);
      uleb(65536, imports);
    } else {
      imports.push(0x00);
      uleb(1, imports);
    }
    section(2, imports);
    const fn: number[] = [];
    uleb(this.funcs.length, fn);
    this.funcs.forEach((_, i) => uleb(i, fn));
    section(3, fn);
    const exports: number[] = [];
    uleb(this.funcs.length, exports);
    this.funcs.forEach((f, i) => {
      name(f.name, exports);
      exports.push(0x00);
      uleb(i, exports);
    });
    section(7, exports);
    const code: number[] = [];
    uleb(this.funcs.length, code);
    for (const f of this.funcs) code.push(...f.code.encode());
    section(10, code);
    return Uint8Array.from(out);
  }
}
