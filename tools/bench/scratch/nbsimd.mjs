import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '../../../packages/core/dist/train/register-gradients.js';
import { nbSoftmaxLogLik } from '../../../packages/core/dist/nn/nb-softmax.js';
import { setSimdEnabled } from '../../../packages/core/dist/nn/simd/instance.js';
import { simulateCounts } from '../src/core/simulate-counts.mjs';
await tf.setBackend('wasm'); await tf.ready();
const B = 256, G = 2000; const d = simulateCounts({ cells: B });
const x = tf.tensor2d(d.counts, [B, G]); const logits = tf.randomNormal([B, G]); const lib = tf.log(tf.sum(x, 1)); const lt = tf.randomNormal([G], 0.5, 1);
function run(simd) { setSimdEnabled(simd); const { value, grads } = tf.variableGrads(() => tf.sum(nbSoftmaxLogLik(logits, x, lib, lt)), [ltv]); return { value, grads }; }
const ltv = tf.variable(lt); const lg = tf.variable(logits);
function step(simd) { setSimdEnabled(simd); const r = tf.variableGrads(() => tf.sum(nbSoftmaxLogLik(lg, x, lib, ltv)), [lg, ltv]); const out = [r.value.dataSync()[0], r.grads[lg.name].dataSync(), r.grads[ltv.name].dataSync()]; tf.dispose([r.value, ...Object.values(r.grads)]); return out; }
const a = step(false), b = step(true);
console.log('ll js', a[0], 'simd', b[0], 'rel', Math.abs(a[0]-b[0])/Math.abs(a[0]));
let e1 = 0, e2 = 0; for (let i = 0; i < a[1].length; i++) e1 = Math.max(e1, Math.abs(a[1][i]-b[1][i]) / (1 + Math.abs(a[1][i]))); for (let i = 0; i < a[2].length; i++) e2 = Math.max(e2, Math.abs(a[2][i]-b[2][i]) / (1 + Math.abs(a[2][i])));
console.log('max rel err dLogits', e1, 'dLogTheta', e2);
for (const simd of [false, true]) { for (let i = 0; i < 3; i++) step(simd); const t0 = performance.now(); for (let i = 0; i < 10; i++) step(simd); console.log(simd ? 'simd' : 'js', 'fwd+bwd ms', ((performance.now() - t0) / 10).toFixed(2)); }
