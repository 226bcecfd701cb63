import { InputError } from '@vaekit/core';
import type { Annotations } from './count-matrix.js';

/** How one obs column became covariate columns: a one-hot block, or one continuous column. */
export type CovariateBlock =
  | { column: string; kind: 'categorical'; levels: string[]; offset: number }
  | { column: string; kind: 'continuous'; offset: number };

/** A dense covariate matrix [n, width] and the blocks it is made of. */
export interface EncodedCovariates {
  data: Float32Array;
  width: number;
  blocks: CovariateBlock[];
}

/**
 * Encodes obs columns as covariates: string (categorical) columns as one-hot blocks whose levels
 * are sorted (or given in `levels`, so a trained model sees the encoding it was trained with),
 * numeric columns as one continuous column each. A missing value ('' or NaN) or a level not in
 * `levels` is an InputError naming the cell.
 */
export function encodeCovariates(obs: Annotations, columns: readonly string[], levels: Record<string, readonly string[]> = {}): EncodedCovariates {
  const n = obs.names.length;
  const blocks: CovariateBlock[] = [];
  let width = 0;
  for (const column of columns) {
    const values = obs.columns[column];
    if (!values) {
      throw new InputError(`Covariate column "${column}" is not in obs`, `obs columns: ${Object.keys(obs.columns).join(', ') || '(none)'}`);
    }
    if (Array.isArray(values)) {
      const given = levels[column];
      const lv = given ? [...given] : [...new Set(values)].sort();
      blocks.push({ column, kind: 'categorical', levels: lv, offset: width });
      width += lv.length;
    } else {
      blocks.push({ column, kind: 'continuous', offset: width });
      width += 1;
    }
  }
  const data = new Float32Array(n * width);
  for (const block of blocks) {
    const values = obs.columns[block.column];
    if (block.kind === 'categorical') {
      const index = new Map(block.levels.map((l, i) => [l, i]));
      const strings = values as string[];
      for (let r = 0; r < n; r++) {
        const j = index.get(strings[r]);
        if (strings[r] === '' || j === undefined) {
          throw new InputError(
            `Covariate "${block.column}" of cell "${obs.names[r]}" (row ${r}) is ${strings[r] === '' ? 'missing' : `"${strings[r]}", not one of the known levels ${block.levels.join(', ')}`}`,
            'fill in or filter out these cells first (e.g. subsetCounts), or pass the full list of levels',
          );
        }
        data[r * width + block.offset + j] = 1;
      }
    } else {
      const nums = values as Float64Array;
      for (let r = 0; r < n; r++) {
        if (!Number.isFinite(nums[r])) {
          throw new InputError(`Covariate "${block.column}" of cell "${obs.names[r]}" (row ${r}) is ${nums[r]}`, 'fill in or filter out these cells first');
        }
        data[r * width + block.offset] = nums[r];
      }
    }
  }
  return { data, width, blocks };
}
