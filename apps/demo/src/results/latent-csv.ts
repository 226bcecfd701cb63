import type { StoredResult } from './result-store.js';

/** One CSV field, quoted when it holds a delimiter, quote or line break. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The latent space as CSV: a header `cell,z1,…,zd,cluster` and one line per cell (posterior means,
 * 7 significant digits), produced in pieces so a large result streams.
 */
export function* latentCsvLines(r: StoredResult): Generator<string> {
  const d = r.latentDim;
  yield `cell,${Array.from({ length: d }, (_, j) => `z${j + 1}`).join(',')},cluster\n`;
  let chunk = '';
  for (let i = 0; i < r.cellNames.length; i++) {
    let line = csvField(r.cellNames[i]);
    for (let j = 0; j < d; j++) line += `,${formatValue(r.latent[i * d + j])}`;
    chunk += `${line},${r.clusters[i]}\n`;
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function formatValue(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(7))) : 'NaN';
}
