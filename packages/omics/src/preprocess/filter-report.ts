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
