import { mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Writes `files` (relative path → bytes or text) under `root`, each flushed to disk before closing. */
export async function writeFiles(root: string, files: Record<string, Uint8Array | string>): Promise<void> {
  for (const [rel, data] of Object.entries(files)) {
    const path = join(root, rel);
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
