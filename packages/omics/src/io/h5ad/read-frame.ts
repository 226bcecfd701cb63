import h5wasm from 'h5wasm/node';
import type { Group } from 'h5wasm/node';
import { InputError } from '@vaekit/core/errors';
import type { AnnotationColumn, Annotations } from '../../matrix/count-matrix.js';
import { attrString, attrStrings, child, childDataset, childGroup, isStringDataset, readFloat64, readStrings } from '../h5/h5-read.js';

/**
 * Reads an AnnData dataframe group (obs or var): the index named by the `_index` attribute, and
 * the columns in `column-order`. Supported column encodings: numeric arrays (bools → 0/1),
 * string arrays, categoricals (anndata ≥ 0.7: a group with `codes` and `categories`; older files:
 * codes with a `categories` attribute and labels in `__categories/<name>`), and nullable
 * integer/boolean (masked → NaN). Other encodings are skipped. Missing categorical codes (−1) → ''.
 */
export function readFrame(file: string, parent: Group, key: 'obs' | 'var'): Annotations {
  const entity = child(parent, key);
  if (entity instanceof h5wasm.Dataset) {
    throw new InputError(
      `${file}: ${key} is stored in the pre-0.7 anndata layout (a compound dataset), which is not supported`,
      'open it with a current anndata and save it again (adata.write_h5ad)',
    );
  }
  if (!(entity instanceof h5wasm.Group)) {
    throw new InputError(`${file} has no ${key} dataframe`, 'an .h5ad needs obs and var groups; is this an AnnData file?');
  }
  const group = entity;
  const indexKey = attrString(group, '_index') ?? '_index';
  const indexEntity = child(group, indexKey);
  if (!indexEntity) throw new InputError(`${file}: ${key} has no index dataset "${indexKey}"`, 'the file does not follow the AnnData layout');
  const index = readColumn(file, group, indexKey);
  if (!index) throw new InputError(`${file}: the ${key} index "${indexKey}" has an unsupported encoding`);
  const names = Array.isArray(index) ? index : Array.from(index, (v) => String(v));
  const order = attrStrings(group, 'column-order') ?? group.keys().filter((k) => k !== indexKey && k !== '__categories');
  const columns: Record<string, AnnotationColumn> = {};
  for (const name of order) {
    if (name === indexKey) continue;
    const col = readColumn(file, group, name);
    if (col) columns[name] = col;
  }
  return { names, columns };
}

function readColumn(file: string, group: Group, name: string): AnnotationColumn | undefined {
  const entity = child(group, name);
  if (entity instanceof h5wasm.Group) {
    const encoding = attrString(entity, 'encoding-type');
    if (encoding === 'categorical') return readCategorical(file, entity);
    if (encoding === 'nullable-integer' || encoding === 'nullable-boolean') {
      const valuesDs = childDataset(entity, 'values');
      if (!valuesDs) return undefined;
      const values = readFloat64(file, valuesDs);
      const maskDs = childDataset(entity, 'mask');
      if (maskDs) readFloat64(file, maskDs).forEach((m, i) => m && (values[i] = NaN));
      return values;
    }
    return undefined;
  }
  if (!(entity instanceof h5wasm.Dataset)) return undefined;
  if ((entity.shape?.length ?? 0) > 1) return undefined;
  if (isStringDataset(entity)) return readStrings(file, entity);
  const legacy = childGroup(group, '__categories');
  if ('categories' in entity.attrs && legacy) {
    const labels = childDataset(legacy, name);
    if (labels) return decodeCategories(readFloat64(file, entity), readStrings(file, labels));
  }
  return readFloat64(file, entity);
}

function readCategorical(file: string, g: Group): string[] | undefined {
  const codes = childDataset(g, 'codes');
  const categories = childDataset(g, 'categories');
  if (!codes || !categories) return undefined;
  return decodeCategories(readFloat64(file, codes), readStrings(file, categories));
}

function decodeCategories(codes: Float64Array, categories: string[]): string[] {
  return Array.from(codes, (c) => (c >= 0 && c < categories.length ? categories[c] : ''));
}
