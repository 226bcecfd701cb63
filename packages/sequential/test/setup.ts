import { beforeAll } from 'vitest';
import { useEngine } from '@vaekit/core';

beforeAll(async () => {
  await useEngine(process.env.VAEKIT_BACKEND ?? 'wasm', { quiet: true });
});
