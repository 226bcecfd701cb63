import { InvalidArgumentError } from 'commander';

/**
 * Parsers for commander's `argParser`: each checks one flag's value and throws commander's
 * InvalidArgumentError (a usage error, exit code 2) saying what is expected.
 */

function finite(value: string): number {
  const v = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(v)) throw new InvalidArgumentError('Expected a number.');
  return v;
}

/** An integer >= `min`. */
export function integer(min: number): (value: string) => number {
  return (value) => {
    const v = finite(value);
    if (!Number.isInteger(v) || v < min) throw new InvalidArgumentError(`Expected an integer >= ${min}.`);
    return v;
  };
}

/** A number > 0. */
export function positiveNumber(value: string): number {
  const v = finite(value);
  if (!(v > 0)) throw new InvalidArgumentError('Expected a number > 0.');
  return v;
}

/** A fraction in [0, 1). */
export function fraction(value: string): number {
  const v = finite(value);
  if (!(v >= 0 && v < 1)) throw new InvalidArgumentError('Expected a fraction in [0, 1), e.g. 0.1.');
  return v;
}

/** A comma-separated list of integers >= 1, e.g. "256,128". */
export function integerList(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const parse = integer(1);
  try {
    if (parts.length === 0 || parts.some((p) => p === '')) throw new InvalidArgumentError('');
    return parts.map((p) => parse(p));
  } catch {
    throw new InvalidArgumentError('Expected comma-separated integers >= 1, e.g. 256,128.');
  }
}

/** A TCP port, 0 (any free port) to 65535. */
export function port(value: string): number {
  const v = integer(0)(value);
  if (v > 65535) throw new InvalidArgumentError('Expected a port from 0 to 65535.');
  return v;
}

/** A file name ending in one of `extensions` (case-insensitive; e.g. ['.h5ad', '.csv', '.csv.gz']). */
export function fileWithExtension(extensions: readonly string[]): (value: string) => string {
  return (value) => {
    const lower = value.toLowerCase();
    if (!extensions.some((e) => lower.endsWith(e))) throw new InvalidArgumentError(`Expected a file ending in ${extensions.join(', ')}.`);
    return value;
  };
}
