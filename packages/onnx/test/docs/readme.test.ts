// The README's example must run as written against the built packages.
import { runReadmeExample } from '@vaekit/core/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('../..', import.meta.url));

describe('README example', () => {
  it.runIf(existsSync(join(pkg, 'dist/index.js')) || !!process.env.CI)('trains, exports with a parity check, and serves the model with OnnxVae', async () => {
    const stdout = await runReadmeExample(pkg);
    const parity = JSON.parse(/parity max error (.*)/.exec(stdout)?.[1] ?? '{}') as Record<string, Record<string, number>>;
    expect(Object.keys(parity).sort()).toEqual(['decoder', 'encoder']);
    for (const net of Object.values(parity)) for (const err of Object.values(net)) expect(err).toBeLessThanOrEqual(1e-4);
    expect(stdout).toMatch(/latent 5 x 4 \| NB mean 5 x 100 \| sampled z, mean, theta/);
  });
});
