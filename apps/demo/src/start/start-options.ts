import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '@vaekit/core/errors';

/** What `npm start` does, from its flags and environment. */
export interface StartOptions {
  /** Where the model is exported (default .vaekit/models, or VAEKIT_MODELS). */
  modelsDir: string;
  epochs?: number;
  /** Serve after the export (false with --no-serve or VAEKIT_START_NO_SERVE=1). */
  serve: boolean;
  host?: string;
  port?: number;
}

export const START_USAGE = 'usage: node apps/demo/dist/start.js [--models-dir .vaekit/models] [--epochs n] [--host 127.0.0.1] [--port 3000] [--no-serve]';

/** Parses `npm start`'s arguments; a bad one is a ConfigError with the usage. */
export function parseStartArgs(argv: string[], env: NodeJS.ProcessEnv): StartOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'models-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        epochs: { type: 'string' },
        'no-serve': { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new ConfigError((err as Error).message, START_USAGE);
  }
  const out: StartOptions = {
    modelsDir: resolve(values['models-dir'] ?? env.VAEKIT_MODELS ?? '.vaekit/models'),
    serve: !values['no-serve'] && !['1', 'true'].includes(env.VAEKIT_START_NO_SERVE ?? ''),
  };
  if (values.epochs !== undefined) {
    const epochs = Number(values.epochs);
    if (!Number.isInteger(epochs) || epochs < 1) throw new ConfigError(`--epochs must be a positive integer, got "${values.epochs}"`, START_USAGE);
    out.epochs = epochs;
  }
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be an integer in 0…65535, got "${values.port}"`, START_USAGE);
    out.port = port;
  }
  if (values.host !== undefined) out.host = values.host;
  return out;
}
