import { resolve } from 'node:path';
import { ConfigError } from '@vaekit/core/errors';

/** How {@link startServer} runs. Only `modelsDir` is required. */
export interface DemoServerOptions {
  /** Folder whose sub-folders are exported models (each with manifest.json, encoder.onnx, decoder.onnx). */
  modelsDir: string;
  /** Interface to listen on (default 127.0.0.1: this machine only). */
  host?: string;
  /** Port (default 3000; 0 picks a free one). */
  port?: number;
  /** Largest accepted upload in bytes (default 100 MiB); larger requests get 413. */
  maxUploadBytes?: number;
  /** Largest number of cells one request may analyse (default 100,000); more is a 413. */
  maxCells?: number;
  /** Up to this many cells the 2-D map is a UMAP (umap-js, seeded); above it, PCA (default 3000). */
  umapMaxCells?: number;
  /** Analysis results kept for download (oldest dropped first; default 32). */
  maxResults?: number;
  /** onnxruntime execution provider (default 'cpu'; 'cuda' falls back to CPU with a warning where it is missing). */
  executionProvider?: 'cpu' | 'cuda';
  /** Fastify request logging (default false). */
  logger?: boolean;
}

/** The options with their defaults filled in. */
export type ResolvedDemoOptions = Required<DemoServerOptions>;

const DEFAULTS = {
  host: '127.0.0.1',
  port: 3000,
  maxUploadBytes: 100 * 2 ** 20,
  maxCells: 100_000,
  umapMaxCells: 3000,
  maxResults: 32,
  executionProvider: 'cpu',
  logger: false,
} as const;

/** Fills in defaults and checks every option; a bad one is a ConfigError naming it. */
export function resolveDemoOptions(options: DemoServerOptions): ResolvedDemoOptions {
  if (typeof options?.modelsDir !== 'string' || options.modelsDir === '') {
    throw new ConfigError('modelsDir is required', 'pass the folder that holds exported models (e.g. the --out of `vaekit export --onnx`)');
  }
  const o: ResolvedDemoOptions = {
    modelsDir: resolve(options.modelsDir),
    host: options.host ?? DEFAULTS.host,
    port: options.port ?? DEFAULTS.port,
    maxUploadBytes: options.maxUploadBytes ?? DEFAULTS.maxUploadBytes,
    maxCells: options.maxCells ?? DEFAULTS.maxCells,
    umapMaxCells: options.umapMaxCells ?? DEFAULTS.umapMaxCells,
    maxResults: options.maxResults ?? DEFAULTS.maxResults,
    executionProvider: options.executionProvider ?? DEFAULTS.executionProvider,
    logger: options.logger ?? DEFAULTS.logger,
  };
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new ConfigError(`port must be an integer in 0…65535, got ${o.port}`);
  for (const key of ['maxUploadBytes', 'maxCells', 'maxResults'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new ConfigError(`${key} must be a positive integer, got ${o[key]}`);
  }
  if (!Number.isInteger(o.umapMaxCells) || o.umapMaxCells < 0) throw new ConfigError(`umapMaxCells must be a non-negative integer, got ${o.umapMaxCells}`, '0 always uses PCA');
  if (o.executionProvider !== 'cpu' && o.executionProvider !== 'cuda') {
    throw new ConfigError(`executionProvider must be "cpu" or "cuda", got "${String(o.executionProvider)}"`);
  }
  return o;
}
