/**
 * Worker thread that lays out one 2-D UMAP (umap-js) of the points it is sent, so the server's
 * event loop stays free while it runs. Message in: { data: Float32Array (n × d row-major), n, d,
 * seed, nNeighbors, minDist, nEpochs }. Message out: { x: Float32Array, y: Float32Array } or { error }.
 * Plain JavaScript (no build step), so the server runs it from src and from dist alike.
 */
import { parentPort } from 'node:worker_threads';
import { UMAP } from 'umap-js';

/** mulberry32: a small seeded generator, so the same cells give the same map. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

parentPort.on('message', (job) => {
  try {
    const { data, n, d, seed, nNeighbors, minDist, nEpochs } = job;
    const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, (i + 1) * d)));
    const umap = new UMAP({ nComponents: 2, nNeighbors, minDist, nEpochs, random: seeded(seed) });
    const epochs = umap.initializeFit(rows);
    for (let e = 0; e < epochs; e++) umap.step();
    const embedding = umap.getEmbedding();
    const x = Float32Array.from(embedding, (p) => p[0]);
    const y = Float32Array.from(embedding, (p) => p[1]);
    parentPort.postMessage({ x, y }, [x.buffer, y.buffer]);
  } catch (err) {
    parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});
