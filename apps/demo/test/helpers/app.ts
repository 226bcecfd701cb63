import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server.js';
import type { DemoServerOptions } from '../../src/options.js';

/** The demo app on the fixture's models folder, for `app.inject`. */
export async function testApp(modelsDir: string, options: Partial<DemoServerOptions> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ modelsDir, ...options });
  await app.ready();
  return app;
}
