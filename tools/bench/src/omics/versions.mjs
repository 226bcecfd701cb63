/** Versions of the pieces the omics benchmark runs on (package.json of each, resolved from here). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './data-root.mjs';

const require = createRequire(import.meta.url);

function pkgVersion(resolver) {
  try {
    return JSON.parse(readFileSync(resolver(), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** `{ node, tfjsCore, tfjsBackendWasm, vaekitCore, vaekitOmics }`. */
export function versions() {
  return {
    node: process.version,
    tfjsCore: pkgVersion(() => require.resolve('@tensorflow/tfjs-core/package.json')),
    tfjsBackendWasm: pkgVersion(() => require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
    vaekitCore: pkgVersion(() => join(REPO_ROOT, 'packages', 'core', 'package.json')),
    vaekitOmics: pkgVersion(() => join(REPO_ROOT, 'packages', 'omics', 'package.json')),
  };
}
