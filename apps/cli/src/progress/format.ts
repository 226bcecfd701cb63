/** Number formats of the progress lines and tables. */

/** A loss or log-likelihood: 2 decimals, exponent notation when huge; '–' when missing. */
export function formatLoss(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return Math.abs(v) >= 1e6 ? v.toExponential(3) : v.toFixed(2);
}

/** A score in about [0, 1]: 3 decimals. */
export function formatScore(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(3);
}

/** A rate (cells/s): a whole number. */
export function formatRate(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : String(Math.round(v));
}

/** Milliseconds as "850 ms", "12.3 s" or "4 min 05 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Right-pads the first column of rows so that the second lines up. */
export function formatTable(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
}
