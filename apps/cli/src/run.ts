import { CommanderError } from 'commander';
import { reportError } from './errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { writeLine, type CliIo } from './io.js';
import { createProgram, debugEnv, type RunState } from './program.js';

/**
 * Runs `vaekit` with `argv` (the arguments after the program name) and returns the exit code:
 * 0 done, 1 bad data / model / failed training, 2 bad command line, 130 interrupted by Ctrl-C.
 * Everything is written to `io`; nothing calls process.exit except a second Ctrl-C.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const state: RunState = { exitCode: EXIT.ok };
  const program = createProgram(io, state);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return state.exitCode;
  } catch (err) {
    const verbose = argv.includes('--verbose') || debugEnv(io.env);
    if (err instanceof CommanderError && err.code === 'commander.help' && err.exitCode !== 0) {
      return EXIT.usage; // `vaekit` or `vaekit train` alone: the help went to stderr
    }
    const report = reportError(err, verbose);
    for (const line of report.lines) writeLine(io.stderr, line);
    return report.exitCode;
  }
}
