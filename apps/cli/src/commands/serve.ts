import { port as portNumber, positiveNumber } from '../options.js';
import { serveDemo, type ServeFlags } from '../serve/serve-demo.js';
import type { CliCommand } from './command.js';

/** `vaekit serve`: the demo web app over exported models. */
export const serveCommand: CliCommand = {
  name: 'serve',
  register(parent, action) {
    parent
      .command('serve')
      .description('serve exported models in the demo web app (onnxruntime-node): embed uploaded cells, clusters, anomaly scores, latent CSV')
      .requiredOption('--models <dir>', 'folder whose sub-folders are exports (`vaekit export --onnx --out <dir>/<name>`)')
      .option('--port <n>', 'port to listen on (0: any free port)', portNumber, 3000)
      .option('--host <address>', 'interface to listen on (0.0.0.0: every interface)', '127.0.0.1')
      .option('--max-upload-mb <n>', 'largest accepted upload in MiB', positiveNumber, 100)
      .addHelpText('after', '\nExample:\n  vaekit serve --models models --port 8080\n\nCtrl-C stops the server.')
      .action(action<ServeFlags>(serveDemo));
  },
};
