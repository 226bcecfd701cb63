/** The exit codes of `vaekit`. */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** Bad data or model files, a failed training run, an engine that cannot start. */
  failure: 1,
  /** Bad command line: unknown command or option, a missing or malformed value. */
  usage: 2,
  /** Stopped by Ctrl-C (128 + SIGINT), as shells report it. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
