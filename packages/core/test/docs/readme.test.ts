// The README's example must run as written against the built package.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runReadmeExample } from '../../src/testing/readme-example.js';

const pkg = fileURLToPath(new URL('../..', import.meta.url));

describe('README example', () => {
  // needs the build (npm test builds before testing; CI always runs it)
  it.runIf(existsSync(join(pkg, 'dist/index.js')) || !!process.env.CI)('runs against the built package and prints the training summary', async () => {
    const stdout = await runReadmeExample(pkg);
    expect(stdout).toMatch(/stoppedReason: 'completed'/);
    expect(stdout).toMatch(/\[ 10, 8 \]/);
  });
});
