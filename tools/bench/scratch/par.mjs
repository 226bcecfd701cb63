import { DataParallelTrainer } from '../../../packages/core/dist/parallel/data-parallel-trainer.js';
import { simulateCounts } from '../src/core/simulate-counts.mjs';
const N = 2560; const d = simulateCounts({ cells: N }); const G = d.genes, B = 256;
const tr = await DataParallelTrainer.create({ workers: +(process.env.W ?? 2), profile: true, model: { module: new URL('../src/core/reference-replica.mjs', import.meta.url).href, config: { genes: G, seed: 1 } }, adam: { learningRate: 1e-3 } });
for (let e = 0; e < 3; e++) {
  const t0 = performance.now(); let last; const acc = [];
  for (let s = 0; s < N; s += B) { const r = await tr.step({ x: { data: d.counts.subarray(s * G, (s + B) * G), shape: [B, G] } }, s + e * N); last = r.loss; r.phases.forEach((p, k) => { acc[k] ??= {}; for (const [n, v] of Object.entries(p)) acc[k][n] = (acc[k][n] ?? 0) + v / (N / B); }); }
  console.log('workers', tr.size, 'epoch s (extrap 10k)', ((performance.now() - t0) / 1000 * 10000 / N).toFixed(2), 'loss', last, 'ms/step per phase', JSON.stringify(acc.map(a => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, +v.toFixed(1)])))));
}
await tr.dispose();
