import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Runs the first ```js block of a package's README.md as a script inside the package folder (so the
 * package and its workspace siblings resolve to their builds), with `/tmp/` paths moved into a
 * scratch folder. Returns its stdout; throws with its stderr if it fails. Keeps READMEs runnable.
 */
export async function runReadmeExample(packageDir: string, options: { timeoutMs?: number } = {}): Promise<string> {
  const readme = await readFile(join(packageDir, 'README.md'), 'utf8');
  const block = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error(`${packageDir}/README.md has no \`\`\`js example block`);
  const dir = await mkdtemp(join(packageDir, '.readme-'));
  try {
    const file = join(dir, 'example.mjs');
    await writeFile(file, block.replaceAll('/tmp/', `${dir}/`));
    const { stdout } = await promisify(execFile)(process.execPath, [file], { env: { ...process.env, VAEKIT_BACKEND: 'wasm' }, timeout: options.timeoutMs ?? 180_000 });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
