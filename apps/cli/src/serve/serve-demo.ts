import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../commands/command.js';
import { CliError } from '../errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { exportsIn } from '../export/export-target.js';
import { listenForInterrupts, type Interrupts } from '../interrupts.js';
import { writeLine } from '../io.js';
import { displayPath } from '../paths.js';

export interface ServeFlags {
  models: string;
  port: number;
  host: string;
  maxUploadMb: number;
}

/** `vaekit serve`: starts @vaekit/demo on the exports in --models, prints its URL, and stops it on Ctrl-C. */
export async function serveDemo(flags: ServeFlags, ctx: CommandContext): Promise<ExitCode> {
  const modelsDir = resolve(flags.models);
  if (!existsSync(modelsDir) || !statSync(modelsDir).isDirectory()) {
    throw new CliError(`--models ${flags.models} is not a folder`, 'pass the folder that holds your exports (`vaekit export --onnx --out <folder>/<name>`)');
  }
  const names = exportsIn(modelsDir);
  const { startServer } = await import('@vaekit/demo');
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ modelsDir, host: flags.host, port: flags.port, maxUploadBytes: Math.round(flags.maxUploadMb * 2 ** 20) });
  } catch (err) {
    const e = err as Error & { hint?: unknown; code?: unknown };
    // the demo's HttpError (port in use, …) carries a hint but is not one of core's typed errors
    if (typeof e.hint === 'string' && typeof e.code !== 'string') throw new CliError(e.message, e.hint);
    throw err;
  }
  let interrupts: Interrupts | undefined;
  const stopped = new Promise<void>((done) => {
    interrupts = listenForInterrupts(ctx.io, {
      first: () => {
        writeLine(ctx.io.stderr, 'stopping the server (press Ctrl-C again to quit at once)');
        void server.close().then(done, done);
      },
      second: () => writeLine(ctx.io.stderr, 'interrupted again: quitting'),
    });
  });
  writeLine(ctx.io.stdout, `vaekit demo: ${server.url}`);
  writeLine(
    ctx.io.stderr,
    names.length > 0 ? `serving ${names.length} model${names.length === 1 ? '' : 's'} from ${displayPath(modelsDir)}: ${names.join(', ')}` : `no exports in ${displayPath(modelsDir)} yet: add one with vaekit export --onnx --out ${displayPath(modelsDir)}/<name>`,
  );
  writeLine(ctx.io.stderr, 'press Ctrl-C to stop');
  await stopped;
  interrupts?.dispose();
  return EXIT.ok;
}
