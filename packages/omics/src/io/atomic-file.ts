import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes a file atomically: `write` fills a temp file beside it (`.<name>.tmp-<pid>-<random>`),
 * which is flushed to disk and renamed over `path`. Readers see the old file or the complete new
 * one, never a partial one; on failure the temp file is removed and `path` is untouched.
 */
export async function writeFileAtomically(path: string, write: (tmp: string) => Promise<void> | void): Promise<void> {
  const target = resolve(path);
  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await write(tmp);
    await syncPath(tmp, 'r+');
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncPath(dir, 'r').catch(() => undefined);
}

async function syncPath(path: string, flags: string): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
