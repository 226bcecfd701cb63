import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { buildReferenceModel } from '../src/core/reference-model.mjs';
import { simulateCounts } from '../src/core/simulate-counts.mjs';
await tf.setBackend('wasm'); await tf.ready();
const B = +(process.env.B ?? 128); const d = simulateCounts({ cells: B }); const G = d.genes;
const m = buildReferenceModel({ genes: G, impl: 'fused' });
const x = tf.tensor2d(d.counts, [B, G]); const vars = Object.values(m.variables);
function grad() { const { value, grads } = tf.variableGrads(() => m.loss(x, 1), vars); value.dataSync(); const out = vars.map(v => grads[v.name].dataSync()); tf.dispose([value, ...Object.values(grads)]); return out; }
for (let i = 0; i < 5; i++) grad();
const R = 20; let t0 = performance.now(); for (let i = 0; i < R; i++) grad(); console.log('B', B, 'grad wall ms', ((performance.now() - t0) / R).toFixed(1));
const p = await tf.profile(() => { grad(); });
const agg = {}; for (const k of p.kernels) { const key = k.name + ' ' + JSON.stringify(k.inputShapes); agg[key] = (agg[key] ?? 0) + k.kernelTimeMs; }
const tot = Object.values(agg).reduce((a, b) => a + b, 0); console.log('total kernel ms (incl. nested)', tot.toFixed(1), 'kernels', p.kernels.length);
for (const [k, v] of Object.entries(agg).sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(v.toFixed(2), k);
