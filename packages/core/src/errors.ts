/**
 * Typed errors. Every error says what is wrong and what to do next, so a user can act on it
 * without reading our source.
 */
export type ErrorCode = 'input' | 'config' | 'model-format' | 'training' | 'engine';

export abstract class VaekitError extends Error {
  abstract readonly code: ErrorCode;
  /** What the user can do about it. */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(hint ? `${message} — ${hint}` : message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Bad data: NaN/Inf, negative or non-integer counts, wrong shapes, unknown features. */
export class InputError extends VaekitError {
  readonly code = 'input' as const;
}

/** Invalid options or plugin configuration, unknown plugin kinds. */
export class ConfigError extends VaekitError {
  readonly code = 'config' as const;
}

/** A saved model directory that is missing, corrupt, truncated or of another format version. */
export class ModelFormatError extends VaekitError {
  readonly code = 'model-format' as const;
}

/** Training went wrong (non-finite loss, …). */
export class TrainingError extends VaekitError {
  readonly code = 'training' as const;
  constructor(
    message: string,
    hint?: string,
    readonly details: { epoch?: number; step?: number; batch?: number; checkpoint?: string } = {},
  ) {
    super(message, hint);
  }
}

/** The requested compute backend is unavailable. */
export class EngineError extends VaekitError {
  readonly code = 'engine' as const;
}
