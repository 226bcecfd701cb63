import { Command, Option } from 'commander';
import { commands } from './commands/index.js';
import type { ActionWrapper, CommandContext } from './commands/command.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

/** The state one run shares with its command actions. */
export interface RunState {
  exitCode: ExitCode;
}

/** True when VAEKIT_DEBUG is set to something other than '', '0' or 'false'. */
export function debugEnv(env: CliIo['env']): boolean {
  const v = env.VAEKIT_DEBUG?.trim().toLowerCase();
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
}

/** The `vaekit` program: global options and every command of the `commands` list. Output goes to `io`; errors throw (exitOverride). */
export function createProgram(io: CliIo, state: RunState): Command {
  const program = new Command('vaekit')
    .description('Variational autoencoders for scientific data: train, evaluate, export to ONNX, serve.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--verbose', 'print the stack trace of an error (also VAEKIT_DEBUG=1)')
    .addOption(new Option('--engine <name>', 'TensorFlow.js engine: auto, tfjs-node-gpu, tfjs-node, wasm, cpu (VAEKIT_BACKEND pins one for auto)').default('auto'))
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();

  const wrap: ActionWrapper = (handler) => async (...args) => {
    const command = args[args.length - 1] as Command;
    const options = args[args.length - 2];
    const ctx: CommandContext = { io, engine: command.optsWithGlobals<{ engine: string }>().engine };
    state.exitCode = await handler(options as never, ctx, command);
  };
  // commands add themselves with parent.command(…), so they inherit the output, error and help settings
  for (const command of commands) command.register(program, wrap);
  state.exitCode = EXIT.ok;
  return program;
}
