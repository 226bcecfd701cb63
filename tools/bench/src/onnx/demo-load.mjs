/**
 * The demo server under load, for the `onnx` suite (called through ./demo-hook.mjs).
 *
 * Starts the BUILT server (apps/demo/dist/main.js) in a child process on a free port, serving a
 * models folder that holds the suite's reference export, then drives it with autocannon on
 * localhost: GET /api/models, and POST /api/models/reference/embed with a small CSV body (8 cells ×
 * 2000 genes: encoder + decoder through onnxruntime, anomaly scores, PCA map, k-means). Baseline
 * from the same run: the same 8 cells through `OnnxVae.embed` + `decode` in-process (no HTTP,
 * no analysis), so the ratio says what the server adds. Server RSS from /proc before and after.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { OnnxVae } from '@vaekit/onnx/runtime';
import { GENES, referenceCounts } from './reference-encoder.mjs';

const MAIN = fileURLToPath(new URL('../../../../apps/demo/dist/main.js', import.meta.url));
const CELLS = 8;
const CONNECTIONS = 8;

/** Resident set size of process `pid` in MiB (Linux /proc), or undefined elsewhere. */
async function rssMiB(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round((kb / 1024) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the built demo server; resolves with its URL and the child process. */
function startChild(modelsDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, '--models', modelsDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the demo server did not start in 30 s: ${err || out}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child });
      }
    });
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo server exited (${code}): ${err || out}`));
    });
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** One autocannon run; returns req/s, latency percentiles and every kind of failure counted as an error. */
async function load(opts, seconds) {
  const r = await autocannon({ connections: CONNECTIONS, duration: seconds, ...opts });
  return {
    requestsPerSec: Math.round(r.requests.average * 10) / 10,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    requests: r.requests.total,
  };
}

/** In-process baseline: requests per second of OnnxVae.embed + decode on the same cells, one at a time. */
async function inProcessRate(modelDir, counts, seconds) {
  const vae = await OnnxVae.load(modelDir);
  try {
    const x = { data: counts, rows: CELLS, cols: GENES };
    const library = new Float32Array(CELLS).map((_, r) => Math.max(1, counts.subarray(r * GENES, (r + 1) * GENES).reduce((a, b) => a + b, 0)));
    for (let i = 0; i < 20; i++) await vae.decode((await vae.embed(x)).mean, { library });
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      await vae.decode((await vae.embed(x)).mean, { library });
      n++;
    }
    return Math.round((n / ((performance.now() - t0) / 1000)) * 10) / 10;
  } finally {
    await vae.dispose();
  }
}

/** The demo load test: `{ 'demo.requestsPerSec', 'demo.p50Ms', 'demo.p99Ms', 'demo.errors', 'demo.rssBeforeMiB', 'demo.rssAfterMiB', metrics, markdown }`. */
export async function runDemoLoad({ modelDir, quick = false, log = () => undefined } = {}) {
  const seconds = quick ? 3 : 10;
  const dir = await mkdtemp(join(tmpdir(), 'vaekit-bench-demo-'));
  try {
    const modelsDir = join(dir, 'models');
    await cp(modelDir, join(modelsDir, 'reference'), { recursive: true });
    const counts = referenceCounts(CELLS);
    const header = `cell,${Array.from({ length: GENES }, (_, g) => `gene${g + 1}`).join(',')}`;
    const rows = Array.from({ length: CELLS }, (_, r) => `cell${r + 1},${Array.from(counts.subarray(r * GENES, (r + 1) * GENES)).join(',')}`);
    const csv = `${header}\n${rows.join('\n')}\n`;

    const { url, child } = await startChild(modelsDir);
    try {
      const rssBefore = await rssMiB(child.pid);
      const check = await fetch(`${url}api/models/reference/embed`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
      if (!check.ok) throw new Error(`embed answered ${check.status}: ${await check.text()}`);
      log(`demo server at ${url}, RSS ${rssBefore} MiB; ${seconds} s of load per endpoint, ${CONNECTIONS} connections`);
      const models = await load({ url: `${url}api/models` }, seconds);
      log(`GET /api/models: ${models.requestsPerSec} req/s, p50 ${models.p50Ms} ms, p99 ${models.p99Ms} ms, ${models.errors} errors`);
      const embed = await load({ url: `${url}api/models/reference/embed`, method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv }, seconds);
      log(`POST embed (${CELLS} cells × ${GENES} genes CSV): ${embed.requestsPerSec} req/s, p50 ${embed.p50Ms} ms, p99 ${embed.p99Ms} ms, ${embed.errors} errors`);
      const rssAfter = await rssMiB(child.pid);
      await stopChild(child);
      const baseline = await inProcessRate(modelDir, counts, seconds);
      log(`baseline in-process OnnxVae.embed + decode of the same cells: ${baseline} calls/s`);
      const flat = {
        'demo.requestsPerSec': embed.requestsPerSec,
        'demo.p50Ms': embed.p50Ms,
        'demo.p99Ms': embed.p99Ms,
        'demo.errors': embed.errors + models.errors,
        'demo.rssBeforeMiB': rssBefore,
        'demo.rssAfterMiB': rssAfter,
      };
      const metrics = {
        ...flat,
        config: { seconds, connections: CONNECTIONS, embedBody: `CSV, ${CELLS} cells × ${GENES} genes, ${csv.length} bytes`, server: 'apps/demo/dist/main.js in a child process (onnxruntime-node CPU)' },
        embed,
        models,
        baselineInProcessCallsPerSec: baseline,
        embedVsInProcessRatio: Math.round((embed.requestsPerSec / baseline) * 100) / 100,
      };
      const markdown = [
        `The built demo server (child process) under autocannon, ${CONNECTIONS} connections, ${seconds} s per endpoint, on localhost (the load generator shares the 2 cores).`,
        '',
        '| endpoint | req/s | p50 (ms) | p99 (ms) | errors |',
        '|---|---|---|---|---|',
        `| GET /api/models | ${models.requestsPerSec} | ${models.p50Ms} | ${models.p99Ms} | ${models.errors} |`,
        `| POST /api/models/reference/embed (CSV, ${CELLS} cells × ${GENES} genes) | ${embed.requestsPerSec} | ${embed.p50Ms} | ${embed.p99Ms} | ${embed.errors} |`,
        `| baseline: in-process OnnxVae.embed + decode, same cells, one at a time | ${baseline} | — | — | — |`,
        '',
        `Embed over HTTP (CSV parsing, gene alignment, encoder + decoder, anomaly scores, PCA, k-means, JSON) runs at ${metrics.embedVsInProcessRatio}× the in-process model calls of the same run. Server RSS ${rssBefore} MiB before the load, ${rssAfter} MiB after.`,
      ].join('\n');
      return { ...flat, metrics, markdown };
    } finally {
      await stopChild(child);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
