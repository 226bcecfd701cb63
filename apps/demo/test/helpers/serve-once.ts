// Child process for test/no-tfjs.test.ts: starts the demo server from src (through tsx), drives
// every route once (so lazily loaded modules load too), and exits. Argument: the models folder.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '../../src/index.js';

const [modelsDir, model] = process.argv.slice(2);
const server = await startServer({ modelsDir, port: 0 });
const check = async (res: Response) => {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return res;
};
await check(await fetch(`${server.url}api/models`));
const r = (await (await check(await fetch(`${server.url}api/models/${model}/embed?example=1`, { method: 'POST' }))).json()) as { cells: number; map: { method: string }; downloads: { latentCsv: string } };
await check(await fetch(`${server.url}${r.downloads.latentCsv.slice(1)}`));
const form = new FormData();
form.append('file', new Blob([await readFile(join(modelsDir, model, 'example.h5ad'))]), 'example.h5ad');
await check(await fetch(`${server.url}api/models/${model}/reconstruct`, { method: 'POST', body: form }));
await check(await fetch(`${server.url}api/models/${model}/sample`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n: 3 }) }));
await server.close();
process.stdout.write(`ok ${r.cells} cells, map ${r.map.method}\n`);
