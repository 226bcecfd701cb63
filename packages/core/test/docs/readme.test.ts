// The README's example must run as written against the built package.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('../..', import.meta.url));

describe('README example', () => {
  it.runIf(existsSync(join(pkg, 'dist/index.js')) || !!process.env.CI)('runs against the built package and prints the training summary', async () => {
    const readme = await readFile(join(pkg, 'README.md'), 'utf8');
    const block = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeTruthy();
    // inside the package folder so that '@vaekit/core' resolves through the workspace link
    const dir = await mkdtemp(join(pkg, '.readme-'));
    try {
      const file = join(dir, 'example.mjs');
      await writeFile(file, (block as string).replaceAll('/tmp/my-vae', join(dir, 'my-vae')));
      const { stdout } = await promisify(execFile)(process.execPath, [file], { env: { ...process.env, VAEKIT_BACKEND: 'wasm' }, timeout: 120_000 });
      expect(stdout).toMatch(/stoppedReason: 'completed'/);
      expect(stdout).toMatch(/\[ 10, 8 \]/);
      expect(existsSync(join(dir, 'my-vae', 'model.json'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
