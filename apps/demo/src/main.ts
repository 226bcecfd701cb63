#!/usr/bin/env node
/**
 * Serves a models folder: `node apps/demo/dist/main.js --models <dir> [--host h] [--port p]
 * [--max-upload-mb m]`. Prints the URL; Ctrl-C (or SIGTERM) closes the server.
 */
import { parseArgs } from 'node:util';
import { startServer } from './server.js';

const USAGE = 'usage: node apps/demo/dist/main.js --models <dir> [--host 127.0.0.1] [--port 3000] [--max-upload-mb 100]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      models: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'max-upload-mb': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const modelsDir = values.models ?? process.env.VAEKIT_MODELS;
  if (!modelsDir) {
    process.stderr.write(`--models is required\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const server = await startServer({
    modelsDir,
    host: values.host,
    port: values.port === undefined ? undefined : Number(values.port),
    maxUploadBytes: values['max-upload-mb'] === undefined ? undefined : Math.round(Number(values['max-upload-mb']) * 2 ** 20),
  });
  process.stdout.write(`vaekit demo listening on ${server.url} (models: ${modelsDir}; Ctrl-C to stop)\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
