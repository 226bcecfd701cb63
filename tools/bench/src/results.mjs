/**
 * Writes a suite's results as JSON and a markdown table under tools/bench/results/, atomically
 * (temp file + rename, so a reader never sees half a file), and describes the machine.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

function writeAtomic(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** cpus, model, memory and node version of this machine. */
export function machineInfo() {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** Writes results/<suite>.json and results/<suite>.md; returns their paths. */
export function writeResults(suite, json, markdown) {
  const jsonPath = join(RESULTS_DIR, `${suite}.json`);
  const mdPath = join(RESULTS_DIR, `${suite}.md`);
  writeAtomic(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
  writeAtomic(mdPath, markdown);
  return { jsonPath, mdPath };
}
