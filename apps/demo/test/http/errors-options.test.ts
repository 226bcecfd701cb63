import { describe, expect, it } from 'vitest';
import { ConfigError, InputError, ModelFormatError } from '@vaekit/core/errors';
import { errorBody, formatBytes } from '../../src/http/error-handler.js';
import { HttpError } from '../../src/http/http-error.js';
import { resolveDemoOptions } from '../../src/options.js';

describe('errorBody', () => {
  it('maps typed errors to statuses, keeping message and hint apart', () => {
    expect(errorBody(new InputError('bad counts', 'send integers'))).toEqual({ statusCode: 400, error: 'bad counts', hint: 'send integers', reason: 'input' });
    expect(errorBody(new ConfigError('bad option')).statusCode).toBe(400);
    expect(errorBody(new ModelFormatError('corrupt')).statusCode).toBe(500);
    expect(errorBody(new HttpError(404, 'nope', undefined, 'unknown-model'))).toEqual({ statusCode: 404, error: 'nope', reason: 'unknown-model' });
  });

  it('passes Fastify client errors through and reports the rest as 500 with the message', () => {
    expect(errorBody(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }))).toMatchObject({ statusCode: 400, reason: 'FST_ERR_CTP_INVALID_JSON_BODY' });
    expect(errorBody(Object.assign(new Error('x'), { statusCode: 413 }))).toMatchObject({ statusCode: 413, reason: 'too-large' });
    expect(errorBody(new Error('boom'))).toEqual({ statusCode: 500, error: 'internal server error: boom', reason: 'internal' });
  });

  it('formats byte sizes', () => {
    expect(formatBytes(100 * 2 ** 20)).toBe('100 MiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(12)).toBe('12 bytes');
  });
});

describe('resolveDemoOptions', () => {
  it('fills in defaults', () => {
    expect(resolveDemoOptions({ modelsDir: '/m' })).toEqual({
      modelsDir: '/m',
      host: '127.0.0.1',
      port: 3000,
      maxUploadBytes: 100 * 2 ** 20,
      maxCells: 100_000,
      umapMaxCells: 3000,
      maxResults: 32,
      executionProvider: 'cpu',
      logger: false,
    });
  });

  it.each([
    [{ modelsDir: '' }, /modelsDir is required/],
    [{ modelsDir: '/m', port: 70000 }, /port must be an integer/],
    [{ modelsDir: '/m', maxUploadBytes: 0 }, /maxUploadBytes must be a positive integer/],
    [{ modelsDir: '/m', umapMaxCells: -1 }, /umapMaxCells/],
    [{ modelsDir: '/m', executionProvider: 'tpu' as 'cpu' }, /executionProvider/],
  ])('rejects %j', (o, message) => expect(() => resolveDemoOptions(o)).toThrow(message));
});
