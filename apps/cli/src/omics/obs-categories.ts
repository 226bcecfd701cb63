import type { AnnotationColumn } from '@vaekit/omics';

/** An obs column as integer codes: levels sorted, a missing value ('' or NaN) is -1. */
export interface ObsCategories {
  codes: Int32Array;
  levels: string[];
  missing: number;
}

export function obsCategories(column: AnnotationColumn): ObsCategories {
  const values = Array.from(column as ArrayLike<string | number>, (v) => (typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : v));
  const levels = [...new Set(values.filter((v) => v !== ''))].sort();
  const index = new Map(levels.map((l, i) => [l, i]));
  const codes = Int32Array.from(values, (v) => index.get(v) ?? -1);
  return { codes, levels, missing: values.filter((v) => v === '').length };
}
