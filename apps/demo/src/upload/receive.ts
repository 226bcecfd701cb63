import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { InputError } from '@vaekit/core/errors';
import { readCounts, type CountMatrix } from '@vaekit/omics/io';
import { HttpError } from '../http/http-error.js';
import type { LoadedModel } from '../models/model-store.js';
import { nameForContentType, safeFileName } from './file-name.js';
import { jsonToCounts } from './json-counts.js';
import { readUploadedCounts } from './read-upload.js';
import type { Workspace } from './workspace.js';

/** Content types whose body is taken as the raw bytes of a count file. */
export const RAW_UPLOAD_TYPES = ['text/csv', 'text/tab-separated-values', 'text/plain', 'application/octet-stream', 'application/zip', 'application/x-zip-compressed', 'application/gzip', 'application/x-hdf5'];

export interface ReceiveOptions {
  maxUploadBytes: number;
  maxCells: number;
  /** Whether the values must be counts (count-likelihood models) — for JSON bodies; files are always counts. */
  counts: boolean;
}

/** The cells a request sent, and how to name where they came from. */
export interface ReceivedCounts {
  counts: CountMatrix;
  source: string;
}

const HOW = 'send a multipart form with a "file" field (CSV/TSV(.gz), 10x folder as .zip, .h5ad), a raw body (Content-Type text/csv, or ?filename=name.ext), JSON { features, counts }, or ?example=1 for the model\'s bundled example';

/**
 * The count matrix of a request, whichever way it came: `?example=1` (the model's bundled
 * example), a multipart upload (field "file"), a raw body whose type or `?filename=` says the
 * format, or JSON `{ features, counts }`. Files land in the request's workspace and are read with
 * @vaekit/omics' readers. Over `maxUploadBytes` is a 413 (raised while streaming), over
 * `maxCells` cells a 413, no data a 400.
 */
export async function receiveCounts(request: FastifyRequest, model: LoadedModel, ws: Workspace, o: ReceiveOptions): Promise<ReceivedCounts> {
  const query = (request.query ?? {}) as Record<string, string | undefined>;
  const readOptions = { workspace: ws.dir, maxUnzippedBytes: Math.max(o.maxUploadBytes * 20, 2 ** 30) };
  let received: ReceivedCounts;
  if (query.example === '1' || query.example === 'true') {
    if (!model.example) throw new HttpError(404, `model "${model.name}" bundles no example file`, `upload a count file instead (the model folder may hold example.h5ad or example.csv[.gz])`, 'no-example');
    received = { counts: await readCounts(model.example), source: `example (${model.example.split('/').pop()})` };
  } else if (request.isMultipart()) {
    const file = await request.file({ limits: { fileSize: o.maxUploadBytes, files: 1 } });
    if (!file) throw new HttpError(400, 'the form holds no file', HOW, 'no-file');
    const name = safeFileName(file.filename);
    const path = join(ws.dir, name);
    await pipeline(file.file, createWriteStream(path));
    if (file.file.truncated) throw new HttpError(413, 'too large', undefined, 'too-large');
    received = { counts: await readUploadedCounts(path, name, readOptions), source: name };
  } else if (Buffer.isBuffer(request.body)) {
    if (request.body.length === 0) throw new HttpError(400, 'the request body is empty', HOW, 'no-file');
    const name = nameForContentType(request.headers['content-type'], query.filename);
    const path = join(ws.dir, name);
    await writeFile(path, request.body);
    received = { counts: await readUploadedCounts(path, name, readOptions), source: name };
  } else if (request.body !== undefined && request.body !== null && typeof request.body === 'object') {
    received = { counts: jsonToCounts(request.body, { counts: o.counts }), source: 'JSON body' };
  } else {
    throw new HttpError(400, 'the request has no data', HOW, 'no-file');
  }
  const n = received.counts.X.nRows;
  if (n === 0) throw new InputError(`${received.source} holds no cells`, 'upload a file with at least one cell');
  if (n > o.maxCells) {
    throw new HttpError(413, `${received.source} has ${n} cells; this server analyses at most ${o.maxCells} per request`, 'upload a subset of the cells, or start the server with a larger maxCells', 'too-many-cells');
  }
  return received;
}
