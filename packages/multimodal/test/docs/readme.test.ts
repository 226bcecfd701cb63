// The README's example must run as written against the built packages.
import { runReadmeExample } from '@vaekit/core/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('../..', import.meta.url));

describe('README example', () => {
  it.runIf(existsSync(join(pkg, 'dist/index.js')) || !!process.env.CI)('trains on partially paired data, embeds, imputes, saves and reloads', async () => {
    const stdout = await runReadmeExample(pkg);
    expect(stdout).toMatch(/trained 80 epochs/);
    expect(Number(/latent R2 ([\d.]+)/.exec(stdout)?.[1])).toBeGreaterThan(0.85);
    expect(Number(/protein-from-RNA median r ([\d.]+)/.exec(stdout)?.[1])).toBeGreaterThan(0.6);
    expect(stdout).toMatch(/reloaded identical/);
  });
});
