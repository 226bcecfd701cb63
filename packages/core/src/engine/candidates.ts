import * as tf from '@tensorflow/tfjs-core';
import type { Availability, EngineCandidate } from './candidate.js';
import { firstLine, importOptional } from './optional-import.js';

const LIBTENSORFLOW_HINT = 'on a machine with internet access to the libtensorflow download (storage.googleapis.com)';

/** Which package registered the 'tensorflow' backend in this process (both bindings use that name). */
let tensorflowOwner: string | undefined;

/** tfjs-node / tfjs-node-gpu: optional peers, imported by a name held in a variable. */
function tensorflowCandidate(name: string, pkg: string, note: string): EngineCandidate {
  return {
    name,
    backend: 'tensorflow',
    install: `to use it, run \`npm i ${pkg}\` ${LIBTENSORFLOW_HINT}`,
    async load(): Promise<Availability> {
      if (tensorflowOwner && tensorflowOwner !== pkg) {
        return { ok: false, notInstalled: false, why: `backend "tensorflow" is already provided by ${tensorflowOwner} in this process` };
      }
      const imported = await importOptional(pkg);
      if (!imported.ok) return imported;
      if (!tf.findBackendFactory('tensorflow')) {
        return {
          ok: false,
          notInstalled: false,
          why: 'loaded, but registered no "tensorflow" backend with this @tensorflow/tfjs-core (two versions installed? see `npm ls @tensorflow/tfjs-core`)',
        };
      }
      tensorflowOwner = pkg;
      return { ok: true };
    },
    details: async () => ({ note }),
  };
}

let wasmThreads: (() => number) | undefined;

/** The wasm backend: a regular dependency, single-threaded in Node (tfjs issue #3830). */
const wasm: EngineCandidate = {
  name: 'wasm',
  backend: 'wasm',
  install: 'it ships with @vaekit/core as @tensorflow/tfjs-backend-wasm; reinstall it with `npm i @vaekit/core`',
  async load() {
    try {
      const mod = await import('@tensorflow/tfjs-backend-wasm');
      wasmThreads = mod.getThreadsCount;
      return { ok: true };
    } catch (err) {
      return { ok: false, notInstalled: false, why: `failed to load: ${firstLine(err)}` };
    }
  },
  async details() {
    const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    let threads = 1;
    try {
      threads = wasmThreads ? wasmThreads() : 1;
    } catch {
      // not initialised yet: the Node build is single-threaded anyway
    }
    return { simd, threads };
  },
};

/** The pure-JS cpu backend: always there, about 25× slower than wasm (FACTS.md). */
const cpu: EngineCandidate = {
  name: 'cpu',
  backend: 'cpu',
  install: 'it ships with @vaekit/core as @tensorflow/tfjs-backend-cpu; reinstall it with `npm i @vaekit/core`',
  async load() {
    try {
      await import('@tensorflow/tfjs-backend-cpu');
      return { ok: true };
    } catch (err) {
      return { ok: false, notInstalled: false, why: `failed to load: ${firstLine(err)}` };
    }
  },
  details: async () => ({ note: 'pure JavaScript, slow' }),
};

/** The engines vaekit knows, fastest first: the order 'auto' tries them in. */
export const engineCandidates: readonly EngineCandidate[] = Object.freeze([
  tensorflowCandidate('tfjs-node-gpu', '@tensorflow/tfjs-node-gpu', 'native libtensorflow, CUDA'),
  tensorflowCandidate('tfjs-node', '@tensorflow/tfjs-node', 'native libtensorflow'),
  wasm,
  cpu,
]);

/** Names useEngine accepts: 'auto' and every candidate's name. */
export const ENGINE_NAMES: readonly string[] = Object.freeze(['auto', ...engineCandidates.map((c) => c.name)]);
