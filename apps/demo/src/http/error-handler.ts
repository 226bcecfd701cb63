import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { VaekitError } from '@vaekit/core/errors';
import { HttpError, type ErrorBody } from './http-error.js';

/** HTTP status for each of core's typed errors: what the client sent (input, config) or what the server holds (model files, engine). */
const STATUS_BY_CODE: Record<string, number> = { input: 400, config: 400, 'model-format': 500, training: 500, engine: 500 };

/** Maps any error to a status and a JSON body that says what went wrong; unexpected ones are logged and reported as 500. */
export function errorBody(err: unknown): ErrorBody {
  if (err instanceof HttpError) return withOptional({ statusCode: err.statusCode, error: err.message }, err.hint, err.reason);
  if (err instanceof VaekitError) {
    const message = err.hint && err.message.endsWith(` — ${err.hint}`) ? err.message.slice(0, -(err.hint.length + 3)) : err.message;
    return withOptional({ statusCode: STATUS_BY_CODE[err.code] ?? 500, error: message }, err.hint, err.code);
  }
  const fe = err as Partial<FastifyError>;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.statusCode === 413) return { statusCode: 413, error: 'the upload is larger than this server accepts', reason: 'too-large' };
    return withOptional({ statusCode: fe.statusCode, error: fe.message ?? 'bad request' }, undefined, fe.code);
  }
  const message = err instanceof Error ? err.message : String(err);
  return { statusCode: 500, error: `internal server error: ${message}`, reason: 'internal' };
}

function withOptional(body: ErrorBody, hint: string | undefined, reason: string | undefined): ErrorBody {
  if (hint) body.hint = hint;
  if (reason) body.reason = reason;
  return body;
}

/** Fastify error handler: the JSON error body, with 413s naming the configured limit. */
export function errorHandler(maxUploadBytes: number) {
  return (err: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    const body = errorBody(err);
    if (body.statusCode === 413 && body.reason === 'too-large') {
      body.error = `the upload is larger than this server accepts (${formatBytes(maxUploadBytes)})`;
      body.hint = 'upload fewer cells or genes, gzip the file, or start the server with a larger maxUploadBytes';
    }
    if (body.statusCode >= 500) request.log.error({ err }, 'request failed');
    void reply.status(body.statusCode).type('application/json').send(body);
  };
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 20) return `${+(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
