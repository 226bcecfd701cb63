import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../..', import.meta.url));
const src = (p: string) => pathToFileURL(fileURLToPath(new URL(`../../../${p}`, import.meta.url))).href;

/** A module-resolution hook: maps the tfjs-free core subpaths to their sources and reports every resolved URL. */
const HOOK = `
let port, map;
export function initialize(data) { port = data.port; map = data.map; }
export async function resolve(specifier, context, next) {
  const r = await next(map[specifier] ?? specifier, context);
  port.postMessage(r.url);
  return r;
}`;

const SCRIPT = `
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const seen = [];
port1.on('message', (u) => seen.push(u));
register('data:text/javascript,' + encodeURIComponent(process.env.HOOK), { data: { port: port2, map: JSON.parse(process.env.MAP) }, transferList: [port2] });
const runtime = await import(process.env.RUNTIME);
await new Promise((r) => setTimeout(r, 200));
port1.close();
console.log(JSON.stringify({ seen, exports: Object.keys(runtime), tfEngine: globalThis._tfengine !== undefined }));
`;

describe('@vaekit/onnx/runtime', () => {
  it('loads no TensorFlow.js module (checked in a fresh Node process)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: repo,
      timeout: 60_000,
      env: {
        ...process.env,
        HOOK,
        RUNTIME: src('onnx/src/runtime.ts'),
        MAP: JSON.stringify({ '@vaekit/core/errors': src('core/src/errors.ts'), '@vaekit/core/registry': src('core/src/plugins/registry.ts') }),
      },
    });
    const { seen, exports, tfEngine } = JSON.parse(stdout.trim().split('\n').pop() as string) as { seen: string[]; exports: string[]; tfEngine: boolean };
    expect(exports).toEqual(expect.arrayContaining(['OnnxVae', 'readManifest', 'priorSamplers']));
    // the hook saw the runtime's own imports (so it would have seen tfjs)
    expect(seen.some((u) => u.includes('onnxruntime-node'))).toBe(true);
    expect(seen.some((u) => u.endsWith('core/src/errors.ts'))).toBe(true);
    expect(seen.filter((u) => /@tensorflow|packages\/core\/src\/index|tfjs/.test(u))).toEqual([]);
    expect(tfEngine).toBe(false);
  });
});
