import { buildKernelModule } from '../../../packages/core/dist/nn/simd/kernels.js';
import { simdKernels } from '../../../packages/core/dist/nn/simd/instance.js';
for (const sh of [false, true]) { const b = buildKernelModule(sh); console.log('shared', sh, 'bytes', b.length, 'valid', WebAssembly.validate(b)); try { new WebAssembly.Module(b); } catch (e) { console.log(e.message); } }
const mem = new WebAssembly.Memory({ initial: 100 });
const k = simdKernels(mem);
const f = new Float32Array(mem.buffer);
// exp test
const n = 1000; for (let i = 0; i < n; i++) f[i] = -20 + 40 * i / n;
const s = k.rowExp(0, 4 * 2000, n, 3);
let maxe = 0, sum = 0; for (let i = 0; i < n; i++) { const w = Math.exp(f[i] - 3); sum += w; maxe = Math.max(maxe, Math.abs(f[2000 + i] / w - 1)); }
console.log('exp max rel err', maxe, 'sum', s, sum);
console.log('rowMax', k.rowMax(0, n), f[999]);
// adam vs JS
import { adamUpdate, adamAttrs } from '../../../packages/core/dist/nn/fused-adam.js';
const N = 1024; const W = 0, G = 4*N, M = 8*N, V = 12*N;
for (let i = 0; i < N; i++) { f[i] = Math.sin(i); f[N + i] = Math.cos(i * 3); f[2*N+i] = 0.01*Math.sin(i*7); f[3*N+i] = 0.001*(1+Math.cos(i)); }
const w = f.slice(0, N), g = f.slice(N, 2*N), m = f.slice(2*N, 3*N), v = f.slice(3*N, 4*N);
const a = adamAttrs({ learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, 3);
adamUpdate(w, g, m, v, a);
k.adam(W, G, M, V, W, M, V, N, a.lr * a.c1, a.beta1, a.beta2, 1 - a.beta1, 1 - a.beta2, a.c2, a.epsilon);
let e1 = 0; for (let i = 0; i < N; i++) e1 = Math.max(e1, Math.abs(f[i] - w[i]), Math.abs(f[2*N+i]-m[i]), Math.abs(f[3*N+i]-v[i])); console.log('adam max abs diff', e1);
// reduce2
for (let i = 0; i < N; i++) { f[i] = Math.sin(i); f[N+i] = Math.cos(i); }
let ss = 0; const ref = []; for (let i = 0; i < N; i++) { const gg = 0.25*f[i] + 0.75*f[N+i]; ref.push(gg); ss += gg*gg; }
const got = k.reduce2(0, 4*N, N, 0.25, 0.75); let e2 = 0; for (let i = 0; i < N; i++) e2 = Math.max(e2, Math.abs(f[i]-ref[i])); console.log('reduce2', got, ss, e2);
