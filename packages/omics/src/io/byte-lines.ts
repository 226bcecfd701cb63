import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '@vaekit/core/errors';

/** True when the file starts with the gzip magic bytes (1f 8b), whatever its name. */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw fileError(path, err);
  });
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Called with each line's bytes, `buf[start, end)` without the line break (a trailing '\r' is
 * dropped), and its 1-based line number. Return `false` to stop reading.
 */
export type LineBytesHandler = (buf: Buffer, start: number, end: number, lineNo: number) => boolean | void;

/**
 * Streams a text file, gunzipping it when it is gzip, and hands over one line at a time as a
 * byte range of the current chunk: no string is made for the whole file, and only a line that
 * spans two chunks is copied. Truncated or corrupt gzip becomes an InputError naming the file.
 */
export async function forEachLineBytes(path: string, onLine: LineBytesHandler): Promise<void> {
  const gz = await isGzipFile(path);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let stream: Readable = file;
  if (gz) {
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    file.on('error', (err) => gunzip.destroy(err));
    stream = file.pipe(gunzip);
  }
  let carry: Buffer | undefined;
  let lineNo = 0;
  let stopped = false;
  const emit = (buf: Buffer, start: number, end: number): boolean => {
    lineNo++;
    if (end > start && buf[end - 1] === 13) end--;
    return onLine(buf, start, end, lineNo) === false;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const buf = chunk;
      let pos = 0;
      if (carry) {
        const nl = chunk.indexOf(10);
        if (nl < 0) {
          carry = Buffer.concat([carry, chunk]);
          continue;
        }
        const line = Buffer.concat([carry, chunk.subarray(0, nl)]);
        carry = undefined;
        if (emit(line, 0, line.length)) {
          stopped = true;
          break;
        }
        pos = nl + 1;
      }
      for (;;) {
        const nl = buf.indexOf(10, pos);
        if (nl < 0) break;
        if (emit(buf, pos, nl)) {
          stopped = true;
          break;
        }
        pos = nl + 1;
      }
      if (stopped) break;
      if (pos < buf.length) carry = Buffer.from(buf.subarray(pos));
    }
    if (!stopped && carry && carry.length > 0) emit(carry, 0, carry.length);
  } catch (err) {
    throw fileError(path, err as NodeJS.ErrnoException);
  } finally {
    stream.destroy();
    file.destroy();
  }
}

/** Streams a text file line by line as strings (UTF-8), gunzipping when needed. */
export async function forEachLine(path: string, onLine: (line: string, lineNo: number) => boolean | void): Promise<void> {
  await forEachLineBytes(path, (buf, start, end, lineNo) => onLine(buf.toString('utf8', start, end), lineNo));
}

/** Turns a file-system or zlib error into an InputError that names the file and what to do. */
export function fileError(path: string, err: NodeJS.ErrnoException): Error {
  if (err instanceof InputError) return err;
  if (err.code === 'ENOENT') return new InputError(`${path} does not exist`, 'check the path');
  if (err.code === 'EISDIR') return new InputError(`${path} is a folder, not a file`, 'pass the path of a file');
  if (err.code === 'EACCES') return new InputError(`${path} cannot be read (permission denied)`, 'check the file permissions');
  if (typeof err.code === 'string' && err.code.startsWith('Z_')) {
    return new InputError(
      `${path}: the gzip data is truncated or corrupt (${err.message})`,
      'the file was probably cut short while downloading or copying; check it with `gzip -t` and fetch it again',
    );
  }
  return err;
}
