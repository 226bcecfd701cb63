import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'core',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // tfjs engines are process-global; one file at a time per worker keeps tensor counts honest.
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
  },
});
