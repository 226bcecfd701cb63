// The README's example must run as written against the built packages.
import { runReadmeExample } from '@vaekit/core/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('../..', import.meta.url));

describe('README example', () => {
  it.runIf(existsSync(join(pkg, 'dist/index.js')) || !!process.env.CI)('reads an .h5ad, trains, and writes the latent back', async () => {
    const stdout = await runReadmeExample(pkg);
    const ari = Number(/cell-type ARI ([\d.]+)/.exec(stdout)?.[1]);
    expect(ari).toBeGreaterThan(0.9);
    expect(stdout).toMatch(/wrote .*result\.h5ad/);
  });
});
