/**
 * The place for the demo server's load test in the `onnx` suite. When tools/bench/src/onnx/demo-load.mjs
 * exists (the demo app's part), it must export
 *
 *   async function runDemoLoad({ modelDir, manifest, quick, log }): Promise<{ metrics, markdown? }>
 *
 * `modelDir` holds the reference export (encoder.onnx, decoder.onnx, manifest.json), `quick` asks
 * for a short run, `log` writes progress to stderr. `metrics` (numbers, strings or nested objects)
 * goes under the `demo` key of results/onnx.json; `markdown` (optional) is appended to onnx.md.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DEMO_LOAD = new URL('./demo-load.mjs', import.meta.url);

export async function demoSection(context) {
  if (!existsSync(fileURLToPath(DEMO_LOAD))) return { metrics: { skipped: 'tools/bench/src/onnx/demo-load.mjs is not there yet' } };
  const mod = await import(DEMO_LOAD.href);
  if (typeof mod.runDemoLoad !== 'function') return { metrics: { skipped: 'demo-load.mjs exports no runDemoLoad' } };
  try {
    return await mod.runDemoLoad(context);
  } catch (err) {
    return { metrics: { error: String(err?.message ?? err) } };
  }
}
