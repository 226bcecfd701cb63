// The README's example must run as written against the built packages.
import { runReadmeExample } from '@vaekit/core/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('../..', import.meta.url));

describe('README example', () => {
  it.runIf(existsSync(join(pkg, 'dist/index.js')) || !!process.env.CI)('simulates Lorenz spikes, trains, infers rates better than smoothing, forecasts and saves', async () => {
    const stdout = await runReadmeExample(pkg);
    const vae = Number(/rate R² vae ([-\d.]+)/.exec(stdout)?.[1]);
    const smoothing = Number(/rate R² smoothing ([-\d.]+)/.exec(stdout)?.[1]);
    expect(vae).toBeGreaterThan(smoothing);
    expect(stdout).toMatch(/latents 20 50 4 \| forecast 10 bins/);
  });
});
