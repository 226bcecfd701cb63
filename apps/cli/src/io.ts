/**
 * Where the CLI reads and writes: stdout/stderr, the environment, Ctrl-C and process exit. `run()`
 * takes one, so tests run commands in-process with captured output and simulated interrupts;
 * {@link processIo} is the real process.
 */

/** A text sink; cli-progress draws on it when `isTTY` is true (it writes ANSI cursor sequences). */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  /** Calls `handler` on every Ctrl-C (SIGINT) until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
  /** Ends the process at once with `code` (a second Ctrl-C). */
  exit(code: number): void;
}

/** The real process: its streams, environment, SIGINT and process.exit. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => {
        process.off('SIGINT', handler);
      };
    },
    exit(code) {
      process.exit(code);
    },
  };
}

/** Writes `line` and a newline. */
export function writeLine(stream: OutputStream, line = ''): void {
  stream.write(`${line}\n`);
}
