import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

/** What a command's action gets besides its options. */
export interface CommandContext {
  io: CliIo;
  /** --engine: the TensorFlow.js engine to use ('auto' unless given). */
  engine: string;
}

/** A `vaekit` command: adds itself (name, options, help, action) to a parent command. */
export interface CliCommand {
  readonly name: string;
  /**
   * Adds the command to `parent`. `action` wraps the command's handler: it receives the parsed
   * options and the command, and returns the exit code.
   */
  register(parent: Command, action: ActionWrapper): void;
}

/** Runs a handler with the run's context and records its exit code. */
export type ActionWrapper = <O>(handler: (options: O, ctx: CommandContext, command: Command) => Promise<ExitCode>) => (...args: unknown[]) => Promise<void>;
