/**
 * The SIMD (f32x4) kernels, emitted as a WebAssembly module that imports the memory it works on:
 * the tfjs wasm backend's heap (zero-copy on tensors) or the data-parallel trainer's shared memory.
 * Every function handles the largest multiple of 4 elements; callers do the ≤ 3 left over in JS.
 * Pointers are byte offsets. Sums that feed a loss or a norm are accumulated in float64.
 */
import { ModuleWriter, type Code } from './wasm-writer.js';

const LN2_HI = 0.693145751953125; // ln 2 split so that k·LN2_HI is exact in float32
const LN2_LO = 1.428606765330187e-6;
/** Counts up to this come from the per-gene tables (as in nb-softmax-kernel.ts). */
export const SIMD_SMALL_COUNT = 16;
const HIGH_TO_LOW = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];

/** Pushes splat(value) as f32x4. */
function splat(c: Code, value: number): void {
  c.f32(value).f32x4_splat();
}

/**
 * e^v of the f32x4 on the stack (v clamped to [−87, 88]): 2^k·p(r), k = round(v·log2 e),
 * r = v − k·ln2, p the degree-7 Taylor polynomial; relative error ~1e-7. Uses 3 v128 locals.
 */
export function exp4(c: Code, [v, k, r]: [number, number, number]): void {
  splat(c, -87);
  c.f32x4_max();
  splat(c, 88);
  c.f32x4_min().set(v);
  c.get(v);
  splat(c, Math.LOG2E);
  c.f32x4_mul().f32x4_nearest().set(k);
  c.get(v).get(k);
  splat(c, LN2_HI);
  c.f32x4_mul().f32x4_sub().get(k);
  splat(c, LN2_LO);
  c.f32x4_mul().f32x4_sub().set(r);
  // Horner: ((((((r/5040 + 1/720) r + 1/120) r + 1/24) r + 1/6) r + 1/2) r + 1) r + 1
  c.get(r);
  splat(c, 1 / 5040);
  c.f32x4_mul();
  const coefs = [1 / 720, 1 / 120, 1 / 24, 1 / 6, 1 / 2, 1, 1];
  coefs.forEach((coef, j) => {
    splat(c, coef);
    c.f32x4_add();
    if (j < coefs.length - 1) c.get(r).f32x4_mul();
  });
  // × 2^k, built from the float32 exponent bits (k + 127) << 23
  c.get(k).i32x4_trunc_sat_f32x4_s().i32(127).i32x4_splat().i32x4_add().i32(23).i32x4_shl().f32x4_mul();
}

/**
 * log(1 + a/b) for 0 ≤ a ≤ b (locals a, b) as 2·atanh(s), s = a/(2b + a) ≤ 1/3, series to s¹³:
 * relative, so tiny ratios keep full precision. Pushes the result; uses 2 v128 locals.
 */
function log1pRatio4(c: Code, a: number, b: number, [s, s2]: [number, number]): void {
  c.get(a).get(b).get(b).f32x4_add().get(a).f32x4_add().f32x4_div().tee(s).get(s).f32x4_mul().set(s2);
  c.get(s2);
  splat(c, 1 / 13);
  c.f32x4_mul();
  for (const coef of [1 / 11, 1 / 9, 1 / 7, 1 / 5, 1 / 3]) {
    splat(c, coef);
    c.f32x4_add().get(s2).f32x4_mul();
  }
  splat(c, 1);
  c.f32x4_add().get(s).f32x4_mul();
  splat(c, 2);
  c.f32x4_mul();
}

/**
 * Natural log of the f32x4 on the stack (x > 0, normal): x = 2^e·m with m ∈ [√½, √2), log m =
 * 2·atanh(t), t = (m−1)/(m+1), series to t⁹; relative error ~1e-7. Uses 3 v128 locals.
 */
function log4(c: Code, [v, e, t]: [number, number, number]): void {
  c.set(v);
  // e = exponent − 127; m = mantissa with exponent 0 (as float in [1, 2))
  c.get(v).i32(23).i32x4_shr_s().i32(127).i32x4_splat().i32x4_sub().set(e);
  c.get(v).i32(0x007fffff).i32x4_splat().v128_and().i32(0x3f800000).i32x4_splat().v128_or().set(v);
  // m > √2 → m/2, e + 1
  c.get(v);
  splat(c, Math.SQRT2);
  c.f32x4_gt().set(t);
  c.get(v);
  splat(c, 0.5);
  c.f32x4_mul().get(v).get(t).v128_bitselect().set(v);
  c.get(e).get(t).i32(1).i32x4_splat().v128_and().i32x4_add().set(e);
  // t = (m − 1)/(m + 1); log m = 2t(1 + t²/3 + t⁴/5 + t⁶/7 + t⁸/9)
  c.get(v);
  splat(c, 1);
  c.f32x4_sub().get(v);
  splat(c, 1);
  c.f32x4_add().f32x4_div().set(t);
  c.get(t).get(t).f32x4_mul().set(v); // v := t²
  c.get(v);
  splat(c, 1 / 9);
  c.f32x4_mul();
  for (const coef of [1 / 7, 1 / 5, 1 / 3]) {
    splat(c, coef);
    c.f32x4_add().get(v).f32x4_mul();
  }
  splat(c, 1);
  c.f32x4_add().get(t).f32x4_mul();
  splat(c, 2);
  c.f32x4_mul();
  c.get(e).f32x4_convert_i32x4_s();
  splat(c, Math.LN2);
  c.f32x4_mul().f32x4_add();
}

/** Adds the 4 lanes of the f32x4 in local `v` to the f64x2 accumulator `acc`, in float64. */
function accumulate(c: Code, acc: number, v: number): void {
  c.get(acc).get(v).f64x2_promote_low_f32x4().f64x2_add();
  c.get(v).get(v).i8x16_shuffle(HIGH_TO_LOW).f64x2_promote_low_f32x4().f64x2_add().set(acc);
}

/** Pushes the sum of the two lanes of f64x2 local `acc`. */
function horizontal(c: Code, acc: number): void {
  c.get(acc).f64x2_extract_lane(0).get(acc).f64x2_extract_lane(1).f64_add();
}

/** `for (i = 0; i < 4·floor(n/4) elements; i += 16 bytes) body(i)`; i is the byte offset. */
function loop4(c: Code, n: number, body: (i: number) => void): void {
  const i = c.local('i32');
  const end = c.local('i32');
  c.get(n).i32(-4).i32_and().i32(2).i32_shl().set(end);
  c.i32(0).set(i);
  c.block().loop();
  c.get(i).get(end).i32_ge_s().br_if(1);
  body(i);
  c.get(i).i32(16).i32_add().set(i).br(0);
  c.end().end();
}

/** Pushes ptr + i (byte addresses). */
function at(c: Code, ptr: number, i: number): Code {
  return c.get(ptr).get(i).i32_add();
}

function adam(m: ModuleWriter): void {
  // adam(wIn, g, mIn, vIn, wOut, mOut, vOut, n, step, b1, b2, a1, a2, c2, eps); outputs may alias inputs
  const P = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32'] as const;
  m.func('adam', [...P], [], (c) => {
    const [wIn, g, mIn, vIn, wOut, mOut, vOut, n] = [0, 1, 2, 3, 4, 5, 6, 7];
    const [sStep, sB1, sB2, sA1, sA2, sC2, sEps] = [8, 9, 10, 11, 12, 13, 14].map((p) => {
      const l = c.local('v128');
      c.get(p).f32x4_splat().set(l);
      return l;
    });
    const gv = c.local('v128');
    const mv = c.local('v128');
    const vv = c.local('v128');
    loop4(c, n, (i) => {
      at(c, g, i).v128_load().set(gv);
      c.get(sB1);
      at(c, mIn, i).v128_load().f32x4_mul().get(sA1).get(gv).f32x4_mul().f32x4_add().set(mv);
      c.get(sB2);
      at(c, vIn, i).v128_load().f32x4_mul().get(sA2).get(gv).f32x4_mul().get(gv).f32x4_mul().f32x4_add().set(vv);
      at(c, mOut, i).get(mv).v128_store();
      at(c, vOut, i).get(vv).v128_store();
      at(c, wOut, i);
      at(c, wIn, i).v128_load();
      c.get(sStep).get(mv).f32x4_mul().get(vv).get(sC2).f32x4_mul().f32x4_sqrt().get(sEps).f32x4_add().f32x4_div();
      c.f32x4_sub().v128_store();
    });
  });
}

function reduce2(m: ModuleWriter): void {
  // reduce2(a, b, n, sa, sb) → Σ g² with g = sa·a + sb·b written into a
  m.func('reduce2', ['i32', 'i32', 'i32', 'f32', 'f32'], ['f64'], (c) => {
    const [a, b, n, sa, sb] = [0, 1, 2, 3, 4];
    const vsa = c.local('v128');
    const vsb = c.local('v128');
    const gv = c.local('v128');
    const acc = c.local('v128');
    c.get(sa).f32x4_splat().set(vsa).get(sb).f32x4_splat().set(vsb);
    c.f64(0).f64x2_splat().set(acc);
    loop4(c, n, (i) => {
      c.get(vsa);
      at(c, a, i).v128_load().f32x4_mul().get(vsb);
      at(c, b, i).v128_load().f32x4_mul().f32x4_add().set(gv);
      at(c, a, i).get(gv).v128_store();
      c.get(gv).get(gv).f32x4_mul().set(gv);
      accumulate(c, acc, gv);
    });
    horizontal(c, acc);
  });
}

function rowKernels(m: ModuleWriter): void {
  // rowMax(h, n) → max of the first 4·floor(n/4) values
  m.func('rowMax', ['i32', 'i32'], ['f32'], (c) => {
    const [h, n] = [0, 1];
    const mx = c.local('v128');
    splat(c, -Infinity);
    c.set(mx);
    loop4(c, n, (i) => {
      c.get(mx);
      at(c, h, i).v128_load().f32x4_max().set(mx);
    });
    c.get(mx).f32x4_extract_lane(0).get(mx).f32x4_extract_lane(1).f32_max();
    c.get(mx).f32x4_extract_lane(2).get(mx).f32x4_extract_lane(3).f32_max().f32_max();
  });
  // rowExp(h, e, n, mx) → Σ e, e = exp(h − mx)
  m.func('rowExp', ['i32', 'i32', 'i32', 'f32'], ['f64'], (c) => {
    const [h, e, n, mx] = [0, 1, 2, 3];
    const vmx = c.local('v128');
    const ev = c.local('v128');
    const acc = c.local('v128');
    const tmp: [number, number, number] = [c.local('v128'), c.local('v128'), c.local('v128')];
    c.get(mx).f32x4_splat().set(vmx);
    c.f64(0).f64x2_splat().set(acc);
    loop4(c, n, (i) => {
      at(c, h, i).v128_load().get(vmx).f32x4_sub();
      exp4(c, tmp);
      c.set(ev);
      at(c, e, i).get(ev).v128_store();
      accumulate(c, acc, ev);
    });
    horizontal(c, acc);
  });
  // log1p(x, y, n, list) → count: y = log(1 + x); near 0 as 2·atanh(x/(2 + x)) (no cancellation).
  // Groups with a lane that is ≤ −0.99, ≥ 3e38 or NaN are listed (byte offsets) for the caller.
  m.func('log1p', ['i32', 'i32', 'i32', 'i32'], ['i32'], (c) => {
    const [x, y, n, list] = [0, 1, 2, 3];
    const tmp: [number, number, number] = [c.local('v128'), c.local('v128'), c.local('v128')];
    const [xv, one, near, bad] = [c.local('v128'), c.local('v128'), c.local('v128'), c.local('v128')];
    const count = c.local('i32');
    splat(c, 1);
    c.set(one);
    loop4(c, n, (i) => {
      at(c, x, i).v128_load().set(xv);
      at(c, y, i);
      log1pRatio4(c, xv, one, [tmp[0], tmp[1]]);
      c.get(xv).get(one).f32x4_add();
      log4(c, tmp);
      // near 0 (−0.25 < x < 0.4): the atanh form
      c.get(xv);
      splat(c, -0.25);
      c.f32x4_gt().get(xv);
      splat(c, 0.4);
      c.f32x4_lt().v128_and().tee(near);
      c.v128_bitselect().v128_store();
      c.get(xv);
      splat(c, -0.99);
      c.f32x4_le().get(xv).get(xv).f32x4_ne().v128_or().get(xv);
      splat(c, 3e38);
      c.f32x4_ge().v128_or().tee(bad).v128_any_true().if_();
      c.get(list).get(count).i32(2).i32_shl().i32_add().get(i).i32_store();
      c.get(count).i32(1).i32_add().set(count);
      c.end();
    });
    c.get(count);
  });
  // rowAxpy(y, x, n, a): y −= a·x
  m.func('rowAxpy', ['i32', 'i32', 'i32', 'f32'], [], (c) => {
    const [y, x, n, a] = [0, 1, 2, 3];
    const va = c.local('v128');
    c.get(a).f32x4_splat().set(va);
    loop4(c, n, (i) => {
      at(c, y, i);
      at(c, y, i).v128_load().get(va);
      at(c, x, i).v128_load().f32x4_mul().f32x4_sub().v128_store();
    });
  });
  // rowScale(dst, src, n, a): dst = a·src
  m.func('rowScale', ['i32', 'i32', 'i32', 'f32'], [], (c) => {
    const [dst, src, n, a] = [0, 1, 2, 3];
    const va = c.local('v128');
    c.get(a).f32x4_splat().set(va);
    loop4(c, n, (i) => {
      at(c, dst, i).get(va);
      at(c, src, i).v128_load().f32x4_mul().v128_store();
    });
  });
  // rowAdd(acc, src, n, a): acc += a·src
  m.func('rowAdd', ['i32', 'i32', 'i32', 'f32'], [], (c) => {
    const [acc, src, n, a] = [0, 1, 2, 3];
    const va = c.local('v128');
    c.get(a).f32x4_splat().set(va);
    loop4(c, n, (i) => {
      at(c, acc, i);
      at(c, acc, i).v128_load().get(va);
      at(c, src, i).v128_load().f32x4_mul().f32x4_add().v128_store();
    });
  });
}

/**
 * nbRow(h, x, e, theta, logTheta, lg, psi, q, dT, n, scale, logShift, withGrad, out): one row of the
 * fused NB term (see nb-softmax-kernel.ts for the maths). Lanes whose count is not an integer in
 * [0, SIMD_SMALL_COUNT] are "special": they add nothing to the sums and their q/dT are left for the
 * caller to overwrite (it computes them in float64). Writes Σ term and Σ q as two f64 at `out`, the
 * byte offsets of the 4-lane groups that hold a special lane as i32 at `list`, and returns their count.
 */
function nbRow(m: ModuleWriter): void {
  const P = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'f32', 'f32', 'i32', 'i32', 'i32'] as const;
  m.func('nbRow', [...P], ['i32'], (c) => {
    const [h, x, e, theta, logTheta, lg, psi, q, dT, n, scale, logShift, withGrad, out, list] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
    const v = () => c.local('v128');
    const [vScale, vShift, xv, t, lt, mu, logMu, small, big, L, muLe, l1, l2, special, idx, lgD, psiD, term, inv, qv, gbase] = Array.from({ length: 21 }, v);
    const accT = v();
    const accQ = v();
    const tmp: [number, number] = [v(), v()];
    const addr = c.local('i32');
    const count = c.local('i32');
    c.get(scale).f32x4_splat().set(vScale).get(logShift).f32x4_splat().set(vShift);
    c.f64(0).f64x2_splat().set(accT).f64(0).f64x2_splat().set(accQ);
    // gbase = [0, 17, 34, 51]·4 bytes: the table row of each lane's gene
    const K1 = SIMD_SMALL_COUNT + 1;
    c.i32(0).i32x4_splat().i32(K1 * 4).i32x4_replace_lane(1).i32(2 * K1 * 4).i32x4_replace_lane(2).i32(3 * K1 * 4).i32x4_replace_lane(3).set(gbase);
    loop4(c, n, (i) => {
      at(c, x, i).v128_load().set(xv);
      at(c, theta, i).v128_load().set(t);
      at(c, logTheta, i).v128_load().set(lt);
      c.get(vScale);
      at(c, e, i).v128_load().f32x4_mul().set(mu);
      at(c, h, i).v128_load().get(vShift).f32x4_add().set(logMu);
      c.get(mu).get(t).f32x4_min().set(small).get(mu).get(t).f32x4_max().set(big);
      log1pRatio4(c, small, big, tmp);
      c.set(L);
      c.get(mu).get(t).f32x4_le().set(muLe);
      // l1 = log(1 + μ/θ); l2 = log(μ/(θ+μ)), each without cancellation on its side of μ = θ
      c.get(L).get(logMu).get(L).f32x4_add().get(lt).f32x4_sub().get(muLe).v128_bitselect().set(l1);
      c.get(logMu).get(lt).f32x4_sub().get(L).f32x4_sub().get(L).f32x4_neg().get(muLe).v128_bitselect().set(l2);
      // special lanes: x > SMALL_COUNT, x < 0 or not an integer
      c.get(xv);
      splat(c, SIMD_SMALL_COUNT);
      c.f32x4_gt().get(xv).get(xv).f32x4_floor().f32x4_ne().v128_or().get(xv);
      splat(c, 0);
      c.f32x4_lt().v128_or().set(special);
      // remember groups with a special lane (byte offset i) for the caller
      c.get(special).v128_any_true().if_();
      c.get(list).get(count).i32(2).i32_shl().i32_add().get(i).i32_store();
      c.get(count).i32(1).i32_add().set(count);
      c.end();
      // table byte offsets: gbase + 4·x (x = 0 on special lanes, whose tables entry is 0)
      c.get(xv).i32x4_trunc_sat_f32x4_s().get(special).v128_andnot().i32(2).i32x4_shl().get(gbase).i32x4_add().set(idx);
      for (let lane = 0; lane < 4; lane++) {
        c.get(idx).i32x4_extract_lane(lane).set(addr);
        c.get(lgD).get(lg).get(addr).i32_add().f32_load().f32x4_replace_lane(lane).set(lgD);
        c.get(psiD).get(psi).get(addr).i32_add().f32_load().f32x4_replace_lane(lane).set(psiD);
      }
      // term = lgD − θ·l1 + x·l2 (0 on special lanes)
      c.get(lgD).get(t).get(l1).f32x4_mul().f32x4_sub().get(xv).get(l2).f32x4_mul().f32x4_add().get(special).v128_andnot().set(term);
      accumulate(c, accT, term);
      c.get(withGrad).if_();
      {
        splat(c, 1);
        c.get(t).get(mu).f32x4_add().f32x4_div().set(inv);
        c.get(xv).get(mu).get(t).get(xv).f32x4_add().f32x4_mul().get(inv).f32x4_mul().f32x4_sub().set(qv);
        at(c, q, i).get(qv).v128_store();
        c.get(qv).get(special).v128_andnot().set(qv);
        accumulate(c, accQ, qv);
        at(c, dT, i).get(t).get(psiD).get(l1).f32x4_sub().get(mu).get(xv).f32x4_sub().get(inv).f32x4_mul().f32x4_add().f32x4_mul().v128_store();
      }
      c.end();
      // next 4 genes: table rows advance by 4·K1 floats
      c.get(gbase).i32(4 * K1 * 4).i32x4_splat().i32x4_add().set(gbase);
    });
    c.get(out);
    horizontal(c, accT);
    c.f64_store(0);
    c.get(out);
    horizontal(c, accQ);
    c.f64_store(8);
    c.get(count);
  });
}

/** Builds the kernel module for a memory that is shared (SharedArrayBuffer-backed) or not. */
export function buildKernelModule(shared: boolean): Uint8Array {
  const m = new ModuleWriter({ shared });
  adam(m);
  reduce2(m);
  rowKernels(m);
  nbRow(m);
  return m.encode();
}
