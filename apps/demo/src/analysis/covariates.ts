import { InputError } from '@vaekit/core/errors';
import type { ManifestCovariate } from '@vaekit/onnx/runtime';
import type { Annotations } from '@vaekit/omics/io';

/**
 * The model's covariates for each cell, from the obs column of the same name. A column the data
 * lack is filled with the covariate's first category (continuous: 0), with a warning; a category
 * the model does not know is an InputError listing the known ones.
 */
export function cellCovariates(obs: Annotations, covariates: readonly ManifestCovariate[], warnings: string[]): Record<string, (string | number)[]> {
  const out: Record<string, (string | number)[]> = {};
  const n = obs.names.length;
  for (const c of covariates) {
    const col = obs.columns[c.name];
    if (c.type !== 'categorical') {
      if (col === undefined) warnings.push(`the data have no "${c.name}" column: every cell was decoded with ${c.name} = 0`);
      out[c.name] = col === undefined ? new Array<number>(n).fill(0) : Array.from(col as ArrayLike<string | number>, Number);
      continue;
    }
    if (col === undefined) {
      out[c.name] = new Array<string>(n).fill(c.categories[0]);
      warnings.push(`the data have no "${c.name}" column: every cell was decoded as ${c.name} "${c.categories[0]}" (add a "${c.name}" column with one of ${c.categories.join(', ')})`);
      continue;
    }
    const values = Array.from(col as ArrayLike<string | number>, (v) => String(v));
    const known = new Set(c.categories);
    const bad = values.find((v) => !known.has(v));
    if (bad !== undefined) throw new InputError(`${c.name} "${bad}" is not one the model was trained on`, `the model knows ${c.name}: ${c.categories.join(', ')}`);
    out[c.name] = values;
  }
  return out;
}
