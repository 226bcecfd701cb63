import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { ConfigError } from '@vaekit/core/errors';
import { errorHandler } from './http/error-handler.js';
import { ModelStore } from './models/model-store.js';
import { resolveDemoOptions, type DemoServerOptions } from './options.js';
import { ResultStore } from './results/result-store.js';
import type { DemoContext, DemoRoutes } from './routes/context.js';
import { embedRoutes } from './routes/embed.js';
import { modelRoutes } from './routes/models.js';
import { reconstructRoutes } from './routes/reconstruct.js';
import { resultRoutes } from './routes/results.js';
import { sampleRoutes } from './routes/sample.js';
import { RAW_UPLOAD_TYPES } from './upload/receive.js';

/** The page (plain HTML + JS, no build step), beside src/ and dist/. */
export const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/** Every route group, registered in this order. */
export const ROUTES: readonly DemoRoutes[] = [modelRoutes, embedRoutes, resultRoutes, sampleRoutes, reconstructRoutes];

/** A running demo server. */
export interface DemoServer {
  /** http://host:port/ */
  url: string;
  close(): Promise<void>;
}

/**
 * The demo app, not yet listening (tests drive it with `app.inject`): the page at /, the JSON API
 * under /api, error bodies `{ statusCode, error, hint?, reason? }`. Runs exported models with
 * onnxruntime-node only; nothing here loads TensorFlow.js.
 */
export async function buildApp(options: DemoServerOptions): Promise<FastifyInstance> {
  const o = resolveDemoOptions(options);
  const app = Fastify({ logger: o.logger, bodyLimit: o.maxUploadBytes });
  // onnxruntime warnings (e.g. the CUDA provider falling back to CPU) go to the log, or to stderr without one
  const warn = (m: string) => (o.logger ? app.log.warn(m) : process.stderr.write(`vaekit demo: ${m}\n`));
  const models = new ModelStore(o.modelsDir, { executionProvider: o.executionProvider, warn });
  const ctx: DemoContext = { options: o, models, results: new ResultStore(o.maxResults) };
  app.setErrorHandler(errorHandler(o.maxUploadBytes));
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ statusCode: 404, error: `no route ${request.method} ${request.url.split('?')[0].slice(0, 120)}`, reason: 'no-route' });
  });
  await app.register(fastifyMultipart, { limits: { fileSize: o.maxUploadBytes, files: 1, fields: 20 } });
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(RAW_UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: o.maxUploadBytes }, (_request, body, done) => done(null, body));
  await app.register(fastifyStatic, { root: PUBLIC_DIR, index: 'index.html' });
  for (const routes of ROUTES) routes(app, ctx);
  app.addHook('onClose', async () => models.close());
  return app;
}

/** Starts the demo on `host:port` and resolves with its URL once it listens. */
export async function startServer(options: DemoServerOptions): Promise<DemoServer> {
  const o = resolveDemoOptions(options);
  const app = await buildApp(o);
  try {
    await app.listen({ host: o.host, port: o.port });
  } catch (err) {
    await app.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new ConfigError(`port ${o.port} on ${o.host} is in use`, 'pick another port (0 picks a free one)');
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host === '0.0.0.0' ? 'localhost' : o.host;
  return { url: `http://${host}:${port}/`, close: () => app.close() };
}
