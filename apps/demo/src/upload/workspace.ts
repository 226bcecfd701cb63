import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private temp folder for one request's files, removed when the request is done. */
export interface Workspace {
  dir: string;
  remove(): Promise<void>;
}

export async function createWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'vaekit-demo-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs `fn` with a fresh workspace and removes it afterwards, whatever happens. */
export async function withWorkspace<T>(fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await createWorkspace();
  try {
    return await fn(ws);
  } finally {
    await ws.remove();
  }
}
