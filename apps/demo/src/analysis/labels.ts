import { InputError } from '@vaekit/core/errors';
import type { Annotations } from '@vaekit/omics/io';

/** obs columns taken as cell labels, in order of preference (compared ignoring case, "_" and "-"). */
export const LABEL_COLUMNS = ['cell_type', 'celltype', 'cell_types', 'cell_label', 'label', 'labels', 'cell_ontology_class', 'annotation', 'leiden', 'louvain', 'cluster', 'clusters'];

const MAX_LABELS = 50;

export interface CellLabels {
  key: string;
  values: string[];
  categories: string[];
}

const normalise = (s: string) => s.toLowerCase().replace(/[_-]/g, '');

/**
 * The labels to colour the map by: the obs column `key` when asked for (an InputError listing
 * the columns when it is absent), else the first column named like a cell-type annotation that has
 * string values with 2–50 distinct categories; undefined when there is none.
 */
export function findLabels(obs: Annotations, key?: string): CellLabels | undefined {
  if (key !== undefined) {
    const col = obs.columns[key];
    if (col === undefined) {
      throw new InputError(`the data have no obs column "${key}" to use as labels`, `columns: ${Object.keys(obs.columns).join(', ') || '(none)'}`);
    }
    const values = Array.from(col as ArrayLike<string | number>, (v) => String(v));
    return { key, values, categories: [...new Set(values)].sort() };
  }
  const byName = new Map(Object.keys(obs.columns).map((k) => [normalise(k), k]));
  for (const wanted of LABEL_COLUMNS) {
    const k = byName.get(normalise(wanted));
    const col = k === undefined ? undefined : obs.columns[k];
    if (k === undefined || !Array.isArray(col)) continue;
    const categories = [...new Set(col)].sort();
    if (categories.length >= 2 && categories.length <= MAX_LABELS) return { key: k, values: col, categories };
  }
  return undefined;
}
