import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import h5wasm from 'h5wasm/node';
import type { File } from 'h5wasm/node';
import { InputError, VaekitError } from '@vaekit/core/errors';
import { fileError } from '../byte-lines.js';

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Throws an InputError unless `path` is an HDF5 file: the 8-byte signature must sit at offset 0
 * or at a power-of-two user-block offset (512, 1024, …), as the HDF5 spec places it.
 */
export async function checkHdf5Signature(path: string, what = 'an HDF5 file'): Promise<void> {
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw fileError(path, err);
  });
  if (info.isDirectory()) throw new InputError(`${path} is a folder, not ${what}`, 'pass the path of the file');
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(8);
    for (let offset = 0; offset + 8 <= info.size; offset = offset === 0 ? 512 : offset * 2) {
      await handle.read(buf, 0, 8, offset);
      if (SIGNATURE.every((b, i) => buf[i] === b)) return;
      if (offset > 1 << 20) break;
    }
  } finally {
    await handle.close();
  }
  throw new InputError(
    `${path} is not ${what}: it has no HDF5 signature${info.size < 8 ? ` (only ${info.size} bytes)` : ''}`,
    'the file is corrupt, truncated, or of another format (a .h5ad must be written by anndata / scanpy, a 10x .h5 by Cell Ranger)',
  );
}

/**
 * Opens an HDF5 file with h5wasm, runs `fn` on it (synchronously) and closes it. HDF5 errors are
 * thrown (not printed) while `fn` runs and come back as an InputError naming the file and the
 * library's reason; our own typed errors pass through. `mode` 'w' creates or truncates.
 */
export async function withH5File<T>(path: string, mode: 'r' | 'w', fn: (file: File) => T, what = 'an HDF5 file'): Promise<T> {
  const absolute = resolve(path);
  const module = await h5wasm.ready;
  if (mode === 'r') await checkHdf5Signature(absolute, what);
  module.activate_throwing_error_handler();
  let file: File | undefined;
  try {
    file = new h5wasm.File(absolute, mode);
    return fn(file);
  } catch (err) {
    if (err instanceof VaekitError) throw err;
    throw new InputError(
      `${path}: HDF5 ${mode === 'r' ? 'read' : 'write'} failed (${hdf5Reason(err)})`,
      mode === 'r' ? 'the file is probably corrupt or truncated; write it again or fetch a fresh copy' : 'check that the folder exists and is writable',
    );
  } finally {
    try {
      file?.close();
    } catch {
      // already broken; nothing more to release
    }
    module.deactivate_throwing_error_handler();
  }
}

/** The most specific line of an HDF5 error stack ("truncated file: eof = …"), or the message. */
function hdf5Reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text.split('\n').filter((l) => /#\d+:/.test(l));
  const last = lines.at(-1);
  if (!last) return text.split('\n')[0].slice(0, 200);
  const m = /\(\):\s*(.*)$/.exec(last);
  return (m ? m[1] : last).trim().slice(0, 200);
}
