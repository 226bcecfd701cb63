import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { buildReferenceModel } from '../src/core/reference-model.mjs';
import { simulateCounts } from '../src/core/simulate-counts.mjs';
await tf.setBackend('wasm'); await tf.ready();
const N = 2560; const d = simulateCounts({ cells: N });
const G = d.genes, B = 256;
for (const impl of (process.env.IMPLS ?? 'fused,custom-dense').split(',')) {
  const m = buildReferenceModel({ genes: G, impl });
  const before = tf.memory().numTensors;
  for (let e = 0; e < 3; e++) {
    const t0 = performance.now(); let last;
    for (let s = 0; s < N; s += B) { const x = tf.tensor2d(d.counts.subarray(s * G, (s + B) * G), [B, G]); last = m.step(x, s + e * N); x.dispose(); }
    console.log(impl, 'epoch s (extrap 10k)', ((performance.now() - t0) / 1000 * 10000 / N).toFixed(2), 'loss', last, 'tensors', tf.memory().numTensors - before);
  }
  if (process.env.PROF) {
    const x = tf.tensor2d(d.counts.subarray(0, B * G), [B, G]);
    const p = await tf.profile(() => { m.step(x, 1); });
    const agg = {}; for (const k of p.kernels) { const key = k.name + ' ' + JSON.stringify(k.inputShapes); agg[key] = (agg[key] ?? 0) + k.kernelTimeMs; }
    const tot = Object.values(agg).reduce((a, b) => a + b, 0); console.log('total kernel ms', tot.toFixed(1));
    for (const [k, v] of Object.entries(agg).sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(v.toFixed(2), k);
  }
  m.dispose();
}
