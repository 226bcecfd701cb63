import { Worker } from 'node:worker_threads';
import type { Map2d } from './pca.js';

/** The worker script (plain JS, shipped beside src and dist). */
const WORKER = new URL('../../workers/umap-worker.mjs', import.meta.url);

export interface UmapOptions {
  seed?: number;
  /** Default min(15, n − 1). */
  nNeighbors?: number;
  minDist?: number;
  /** Optimisation epochs (default 200). */
  nEpochs?: number;
}

/** Fewest points for a UMAP: below this the k-NN graph is degenerate, so callers use PCA. */
export const UMAP_MIN_CELLS = 10;

let queue: Promise<unknown> = Promise.resolve();

/**
 * A seeded 2-D UMAP (umap-js) of the rows of `data` (n × d), computed in a worker thread; layouts
 * run one at a time (they are CPU-bound: two at once would only slow both).
 */
export function umap2(data: Float32Array, n: number, d: number, options: UmapOptions = {}): Promise<Map2d> {
  const job = queue.then(() => runWorker(data, n, d, options));
  queue = job.catch(() => undefined);
  return job;
}

function runWorker(data: Float32Array, n: number, d: number, options: UmapOptions): Promise<Map2d> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER);
    const done = (f: () => void) => {
      void worker.terminate();
      f();
    };
    worker.once('message', (m: { x?: Float32Array; y?: Float32Array; error?: string }) =>
      done(() => (m.error !== undefined || !m.x || !m.y ? reject(new Error(`UMAP failed: ${m.error ?? 'no result'}`)) : resolve({ method: 'umap', x: m.x, y: m.y }))),
    );
    worker.once('error', (err) => done(() => reject(err)));
    worker.postMessage({
      data: Float32Array.from(data),
      n,
      d,
      seed: options.seed ?? 0,
      nNeighbors: Math.max(2, Math.min(options.nNeighbors ?? 15, n - 1)),
      minDist: options.minDist ?? 0.1,
      nEpochs: options.nEpochs ?? 200,
    });
  });
}
