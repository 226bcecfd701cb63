import { fileURLToPath } from 'node:url';

/**
 * Tests import workspace packages from their sources (no build needed in the edit–test loop);
 * one alias table so every project resolves them to the same module instances.
 */
export const workspaceAliases = [
  // tfjs-free subpaths (the demo server imports only these): same source files as the main entries
  { find: /^@vaekit\/core\/errors$/, replacement: fileURLToPath(new URL('./packages/core/src/errors.ts', import.meta.url)) },
  { find: /^@vaekit\/core\/registry$/, replacement: fileURLToPath(new URL('./packages/core/src/plugins/registry.ts', import.meta.url)) },
  { find: /^@vaekit\/core\/metrics$/, replacement: fileURLToPath(new URL('./packages/core/src/metrics/index.ts', import.meta.url)) },
  { find: /^@vaekit\/omics\/io$/, replacement: fileURLToPath(new URL('./packages/omics/src/io-entry.ts', import.meta.url)) },
  { find: /^@vaekit\/onnx\/runtime$/, replacement: fileURLToPath(new URL('./packages/onnx/src/runtime.ts', import.meta.url)) },
  { find: /^@vaekit\/core\/testing$/, replacement: fileURLToPath(new URL('./packages/core/src/testing/index.ts', import.meta.url)) },
  { find: /^@vaekit\/core$/, replacement: fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)) },
  ...['omics', 'onnx', 'sequential', 'multimodal'].map((name) => ({
    find: new RegExp(`^@vaekit/${name}$`),
    replacement: fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url)),
  })),
  { find: /^@vaekit\/demo$/, replacement: fileURLToPath(new URL('./apps/demo/src/index.ts', import.meta.url)) },
];

/** The test settings every package shares: node, one file per forked worker (tfjs engines are process-global), wasm set up by test/setup.ts. */
export function packageTestConfig(name: string) {
  return {
    resolve: { alias: workspaceAliases },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      environment: 'node' as const,
      testTimeout: 60_000,
      hookTimeout: 60_000,
      pool: 'forks' as const,
      setupFiles: ['test/setup.ts'],
    },
  };
}
