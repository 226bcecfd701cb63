/** String labels → integer codes (levels sorted), and per-level counts. */
export function encodeStrings(values) {
  const levels = [...new Set(values)].sort();
  const index = new Map(levels.map((l, i) => [l, i]));
  const codes = Int32Array.from(values, (v) => index.get(v));
  const counts = Object.fromEntries(levels.map((l) => [l, 0]));
  for (const v of values) counts[v] += 1;
  return { codes, levels, counts };
}
