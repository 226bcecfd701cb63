/**
 * What a QC filter did, JSON-serialisable: how many rows (cells or genes) went in and out, how
 * many failed each criterion (a row failing two criteria counts under both), the options used,
 * and one readable line per criterion.
 */
export interface FilterReport {
  kind: 'cells' | 'genes';
  nBefore: number;
  nAfter: number;
  removed: number;
  /** Per criterion (option name), how many rows failed it. */
  failed: Record<string, number>;
  /** The thresholds that were applied. */
  options: Record<string, number | string[]>;
  /** Names of the removed rows (barcodes or gene names). */
  removedNames: string[];
  /** Human-readable summary, one line per criterion that removed something. */
  summary: string[];
  warnings: string[];
}

/** One QC criterion: its option name, the test a row must pass, and how a failure reads. */
export type FilterCriterion<K extends string> = [name: K, pass: (row: number) => boolean, reads: string];

/**
 * Applies the criteria whose option is set to rows 0..n−1: the rows that pass them all, how many
 * failed each criterion, and the names of the removed rows.
 */
export function applyCriteria<K extends string>(n: number, criteria: FilterCriterion<K>[], isSet: (name: K) => boolean, names: readonly string[]) {
  const active = criteria.filter(([name]) => isSet(name));
  const failed: Record<string, number> = Object.fromEntries(active.map(([name]) => [name, 0]));
  const kept: number[] = [];
  const removedNames: string[] = [];
  for (let r = 0; r < n; r++) {
    let ok = true;
    for (const [name, pass] of active) {
      if (!pass(r)) {
        failed[name]++;
        ok = false;
      }
    }
    if (ok) kept.push(r);
    else removedNames.push(names[r]);
  }
  return { active, failed, kept, removedNames };
}
