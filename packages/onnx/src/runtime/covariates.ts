import { InputError } from '@vaekit/core/errors';
import type { ManifestCovariate } from './manifest.js';

/** Covariate values per row, by covariate name: category labels (or numbers for continuous covariates). */
export type CovariateValues = Record<string, readonly (string | number)[]>;

/** Columns of the one-hot covariate matrix. */
export function covariateWidth(covariates: readonly ManifestCovariate[]): number {
  return covariates.reduce((n, c) => n + (c.type === 'categorical' ? c.categories.length : 1), 0);
}

/**
 * The [rows, width] covariate matrix the networks take: one-hot blocks for categorical covariates
 * (in the manifest's category order), a column per continuous one. A missing covariate, a wrong
 * number of values, or an unknown category is an InputError that lists what is expected.
 */
export function encodeCovariates(covariates: readonly ManifestCovariate[], values: CovariateValues | undefined, rows: number): Float32Array {
  const width = covariateWidth(covariates);
  const out = new Float32Array(rows * width);
  if (covariates.length === 0) return out;
  if (!values) {
    throw new InputError(`this model needs covariates: ${covariates.map((c) => c.name).join(', ')}`, `pass { covariates: { ${covariates.map((c) => `${c.name}: [...]`).join(', ')} } } with one value per row`);
  }
  const known = new Set(covariates.map((c) => c.name));
  const extra = Object.keys(values).filter((k) => !known.has(k));
  if (extra.length > 0) throw new InputError(`unknown covariate(s) ${extra.join(', ')}`, `this model's covariates: ${[...known].join(', ')}`);
  let offset = 0;
  for (const c of covariates) {
    const v = values[c.name];
    if (!v) throw new InputError(`covariate "${c.name}" is missing`, `pass covariates.${c.name} with one value per row`);
    if (v.length !== rows) throw new InputError(`covariate "${c.name}" has ${v.length} values for ${rows} rows`, 'pass one value per row');
    if (c.type === 'categorical') {
      const index = new Map(c.categories.map((cat, i) => [cat, i]));
      for (let r = 0; r < rows; r++) {
        const j = index.get(String(v[r]));
        if (j === undefined) throw new InputError(`covariate "${c.name}" of row ${r} is ${JSON.stringify(v[r])}, not one of the model's categories`, `categories: ${c.categories.join(', ')}`);
        out[r * width + offset + j] = 1;
      }
      offset += c.categories.length;
    } else {
      for (let r = 0; r < rows; r++) {
        const x = Number(v[r]);
        if (!Number.isFinite(x)) throw new InputError(`covariate "${c.name}" of row ${r} is ${JSON.stringify(v[r])}, not a finite number`);
        out[r * width + offset] = x;
      }
      offset += 1;
    }
  }
  return out;
}
