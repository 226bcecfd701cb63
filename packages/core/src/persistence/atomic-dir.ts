import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError, ModelFormatError } from '../errors.js';

/** Points in a directory replacement where a test (or a caller) may look, or fail on purpose. */
export type ReplaceStage = 'written' | 'moved-aside';

export interface ReplaceDirOptions {
  /**
   * Called at each stage: 'written' with the temp dir once its files are written and synced,
   * 'moved-aside' with the old directory's temporary name while `dir` is briefly absent. Throwing
   * aborts the replacement and leaves the previous directory in place. A seam for tests.
   */
  onStage?: (stage: ReplaceStage, path: string) => void | Promise<void>;
  /** Throws when an existing `dir` must not be replaced (it is checked before anything is written). */
  checkReplaceable?: (dir: string) => Promise<void>;
}

/**
 * Replaces directory `dir` with one that `fill` writes, atomically: `fill` writes into a sibling
 * temp dir (`.<name>.tmp-<pid>-<random>`), its files are fsynced, then it is renamed into place.
 * An existing `dir` is first renamed aside and deleted only after the new one is in. On any
 * failure the previous `dir` is intact (or still absent) and the temp dir is removed.
 */
export async function replaceDirAtomically(dir: string, fill: (tmp: string) => Promise<void>, options: ReplaceDirOptions = {}): Promise<void> {
  const target = resolve(dir);
  const parent = dirname(target);
  const name = basename(target);
  if (target === parent) throw new ConfigError(`Cannot write a model to the root directory ${target}`, 'choose a directory path');
  const existing = await lstat(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (existing && !existing.isDirectory()) {
    throw new ConfigError(`Cannot write a model to ${target}: it exists and is not a directory`, 'choose another path, or remove it first');
  }
  if (existing) await options.checkReplaceable?.(target);

  await mkdir(parent, { recursive: true });
  const tmp = join(parent, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp);
  let aside: string | undefined;
  try {
    await fill(tmp);
    await fsyncDir(tmp);
    await options.onStage?.('written', tmp);
    if (existing) {
      aside = join(parent, `.${name}.old-${process.pid}-${randomBytes(4).toString('hex')}`);
      await rename(target, aside);
      try {
        await options.onStage?.('moved-aside', aside);
        await rename(tmp, target);
      } catch (err) {
        await restore(aside, target, err);
        throw err;
      }
    } else {
      await rename(tmp, target);
    }
    await fsyncDir(parent);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  // The new directory is in place: the old one is garbage now (a failure here loses nothing).
  if (aside) await rm(aside, { recursive: true, force: true }).catch(() => undefined);
}

/** Writes a file and flushes it to disk before closing. */
export async function writeFileSynced(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a directory's entries (renames) to disk; a no-op where directories cannot be opened (Windows). */
async function fsyncDir(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch {
    // not supported on this platform
  } finally {
    await handle?.close();
  }
}

async function restore(aside: string, target: string, cause: unknown): Promise<void> {
  try {
    await rename(aside, target);
  } catch (err) {
    throw new ModelFormatError(
      `Replacing ${target} failed (${(cause as Error).message}) and the previous directory could not be moved back (${(err as Error).message})`,
      `the previous model is intact at ${aside}; rename it to ${target}`,
    );
  }
}
