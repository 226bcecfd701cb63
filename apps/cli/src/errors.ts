import { CommanderError } from 'commander';
import { EXIT, type ExitCode } from './exit-codes.js';

/** An error the CLI itself raises, with the exit code it ends the run with and what to do next. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: ExitCode = EXIT.failure,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A bad command line (exit code 2). */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, hint, EXIT.usage);
  }
}

/** The `code`s of @vaekit/core's typed errors and the exit code each maps to: options are usage errors, the rest data/model errors. */
const VAEKIT_CODES: Record<string, ExitCode> = {
  config: EXIT.usage,
  input: EXIT.failure,
  'model-format': EXIT.failure,
  training: EXIT.failure,
  engine: EXIT.failure,
};

/** What a failed run prints and returns. `printed` is true when commander already wrote its message. */
export interface ErrorReport {
  exitCode: ExitCode;
  /** Lines for stderr (empty when `printed`). */
  lines: string[];
}

interface TypedLike extends Error {
  code: string;
  hint?: string;
  details?: { checkpoint?: string };
}

/**
 * @vaekit/core's typed errors are recognised by their `code` (not `instanceof`): the CLI may see
 * classes from a second copy of core (sources in tests, dist in builds).
 */
function isVaekitError(err: unknown): err is TypedLike {
  const code = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code in VAEKIT_CODES && 'hint' in (err as Error);
}

/** The message without the " — hint" tail that core's errors append. */
function withoutHint(message: string, hint: string | undefined): string {
  return hint && message.endsWith(` — ${hint}`) ? message.slice(0, -(hint.length + 3)) : message;
}

/** Maps any thrown value to an exit code and the lines to print (with the stack when `verbose`). */
export function reportError(err: unknown, verbose: boolean): ErrorReport {
  if (err instanceof CommanderError) {
    // commander has printed its message (or the help) already
    const shown = err.code === 'commander.helpDisplayed' || err.code === 'commander.version';
    return { exitCode: shown ? EXIT.ok : EXIT.usage, lines: [] };
  }
  const lines: string[] = [];
  let exitCode: ExitCode = EXIT.failure;
  if (err instanceof CliError) {
    exitCode = err.exitCode;
    lines.push(`error: ${err.message}`);
    if (err.hint) lines.push(`  hint: ${err.hint}`);
  } else if (isVaekitError(err)) {
    exitCode = VAEKIT_CODES[err.code];
    lines.push(`error: ${withoutHint(err.message, err.hint)}`);
    if (err.hint) lines.push(`  hint: ${err.hint}`);
    if (err.details?.checkpoint) lines.push(`  last good checkpoint: ${err.details.checkpoint}`);
  } else if (err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string') {
    lines.push(`error: ${err.message}`); // a file system error: ENOENT, EACCES, ENOSPC, …
  } else {
    lines.push(`error: unexpected failure: ${err instanceof Error ? err.message : String(err)}`);
    if (!verbose) lines.push('  hint: run again with --verbose (or VAEKIT_DEBUG=1) for the stack trace, and report it');
  }
  if (verbose && err instanceof Error && err.stack) lines.push(err.stack);
  return { exitCode, lines };
}
