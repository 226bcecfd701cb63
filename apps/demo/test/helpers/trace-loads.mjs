// Preload (node --import) that records every module the process loads into $TRACE_LOADS_FILE:
// ESM resolutions through a module.register hook (main thread and workers), CommonJS modules from
// require.cache at exit. Used by test/no-tfjs.test.ts.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.TRACE_LOADS_FILE;
register(new URL('./trace-hooks.mjs', import.meta.url), { data: { file } });
const require = createRequire(import.meta.url);
process.on('exit', () => {
  appendFileSync(file, `${Object.keys(require.cache).map((k) => `cjs ${k}`).join('\n')}\n`);
});
