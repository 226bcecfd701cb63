// Every core test runs on the wasm backend, the default that everything must run on.
import { beforeAll } from 'vitest';
import { useEngine } from '../src/engine/engine.js';

beforeAll(async () => {
  await useEngine(process.env.VAEKIT_BACKEND ?? 'wasm', { quiet: true });
});
