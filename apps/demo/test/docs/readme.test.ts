// The README's example must run as written against the built packages.
import { runReadmeExample } from '@vaekit/core/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('../..', import.meta.url));

describe('README example', () => {
  it.runIf(existsSync(join(pkg, 'dist/index.js')) || !!process.env.CI)('exports a model, serves it, embeds cells and downloads the latent', async () => {
    const stdout = await runReadmeExample(pkg);
    expect(stdout).toMatch(/demo at http:\/\/127\.0\.0\.1:\d+\//);
    expect(stdout).toMatch(/my-model: nb, 100 genes, latent 5/);
    expect(stdout).toMatch(/40 cells → umap map, \d+ clusters, \d+ flagged/);
    expect(stdout).toMatch(/latent CSV: cell,z1,z2,z3,z4,z5,cluster/);
  });
});
