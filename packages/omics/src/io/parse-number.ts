/**
 * Parses the number written in `buf[start, end)`: plain (optionally negative) integers are read
 * straight from the bytes; anything else ("1.5", "2e3", "NaN", "inf") goes through `Number`.
 * An empty field, "NA" or text that is not a number gives NaN; `isMissingToken` tells them apart.
 */
export function parseNumberBytes(buf: Uint8Array, start: number, end: number): number {
  if (end <= start) return NaN;
  let i = start;
  let negative = false;
  if (buf[i] === 45) {
    negative = true;
    i++;
    if (i === end) return NaN;
  }
  let v = 0;
  for (; i < end; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9 || v > 1e15) return parseSlow(buf, start, end);
    v = v * 10 + d;
  }
  return negative ? -v : v;
}

/** Parses a numeric text field the same way (whitespace trimmed; '' and "NA" are NaN). */
export function parseNumberText(text: string): number {
  const t = text.trim();
  if (t === '') return NaN;
  const v = Number(t);
  if (!Number.isNaN(v)) return v;
  return /^[+-]?(inf|infinity)$/i.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : NaN;
}

const MISSING = new Set(['', 'na', 'nan', 'n/a', 'null', 'none']);

/** True for the spellings of a missing value in a table ('', NA, NaN, N/A, null, None). */
export function isMissingToken(text: string): boolean {
  return MISSING.has(text.trim().toLowerCase());
}

function parseSlow(buf: Uint8Array, start: number, end: number): number {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]);
  return parseNumberText(s);
}
