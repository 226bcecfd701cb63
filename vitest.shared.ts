import { fileURLToPath } from 'node:url';

/**
 * Tests import workspace packages from their sources (no build needed in the edit–test loop);
 * one alias table so every project resolves them to the same module instances.
 */
export const workspaceAliases = [
  { find: /^@vaekit\/core\/testing$/, replacement: fileURLToPath(new URL('./packages/core/src/testing/index.ts', import.meta.url)) },
  { find: /^@vaekit\/core$/, replacement: fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)) },
];
