// Test-only worker entry: registers tsx so the TypeScript sources (worker.ts and the replica
// module) load inside the worker thread, then starts the real worker.
import { register } from 'tsx/esm/api';

register();
await import('../../../src/parallel/worker.ts');
