/**
 * Makes names unique the way anndata's `make_index_unique` (scanpy's `var_names_make_unique`)
 * does: the first occurrence keeps its name, later ones get `<name><join>1`, `<join>2`, … skipping
 * any suffixed name that already exists. Returns a new array.
 */
export function makeUnique(names: readonly string[], join = '-'): string[] {
  const seen = new Set<string>();
  let unique = true;
  for (const n of names) {
    if (seen.has(n)) {
      unique = false;
      break;
    }
    seen.add(n);
  }
  if (unique) return names.slice();
  const taken = new Set(names);
  const counter = new Map<string, number>();
  const first = new Set<string>();
  return names.map((name) => {
    if (!first.has(name)) {
      first.add(name);
      return name;
    }
    for (;;) {
      const k = (counter.get(name) ?? 0) + 1;
      counter.set(name, k);
      const candidate = `${name}${join}${k}`;
      if (!taken.has(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
  });
}
