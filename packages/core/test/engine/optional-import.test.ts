import { describe, expect, it } from 'vitest';
import { importOptional, isMissingPackage } from '../../src/engine/index.js';

function nodeError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('importOptional', () => {
  it('reports a package that is not installed as "not installed"', async () => {
    const result = await importOptional('@vaekit/no-such-package-for-tests');
    expect(result).toEqual({ ok: false, notInstalled: true, why: 'not installed' });
  });

  it('returns the module of an installed package', async () => {
    const result = await importOptional('@tensorflow/tfjs-core');
    expect(result.ok).toBe(true);
    if (result.ok) expect(typeof (result.module as { tensor?: unknown }).tensor).toBe('function');
  });

  it('an installed package that throws while loading is "failed to load" with the first line of its message', async () => {
    const result = await importOptional('@tensorflow/tfjs-core', async () => {
      throw new Error('libtensorflow.so.2: cannot open shared object file: No such file or directory\n    at Module._extensions');
    });
    expect(result).toEqual({
      ok: false,
      notInstalled: false,
      why: 'failed to load: libtensorflow.so.2: cannot open shared object file: No such file or directory',
    });
  });

  it('a missing native binding or dependency inside the package is a load failure, not "not installed"', async () => {
    const binding = nodeError("Cannot find module '/x/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'", 'MODULE_NOT_FOUND');
    const result = await importOptional('@tensorflow/tfjs-core', async () => {
      throw binding;
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.notInstalled).toBe(false);
      expect(result.why).toContain('tfjs_binding.node');
    }
    const dependency = nodeError("Cannot find package '@tensorflow/tfjs' imported from /x/node_modules/@tensorflow/tfjs-node/dist/index.js", 'ERR_MODULE_NOT_FOUND');
    expect(isMissingPackage(dependency, '@tensorflow/tfjs-node')).toBe(false);
    expect(isMissingPackage(dependency, '@tensorflow/tfjs')).toBe(true);
  });

  it('recognises the not-found errors of require and of ESM import', () => {
    expect(isMissingPackage(nodeError("Cannot find module '@tensorflow/tfjs-node'\nRequire stack:", 'MODULE_NOT_FOUND'), '@tensorflow/tfjs-node')).toBe(true);
    expect(isMissingPackage(nodeError("Cannot find package '@tensorflow/tfjs-node' imported from /a.js", 'ERR_MODULE_NOT_FOUND'), '@tensorflow/tfjs-node')).toBe(true);
    expect(isMissingPackage(new Error("Cannot find module '@tensorflow/tfjs-node'"), '@tensorflow/tfjs-node')).toBe(false); // no code
  });

  it('shortens very long messages', async () => {
    const result = await importOptional('@tensorflow/tfjs-core', async () => {
      throw new Error('x'.repeat(500));
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.why.length).toBe('failed to load: '.length + 200);
  });
});
