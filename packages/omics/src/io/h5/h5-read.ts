import h5wasm from 'h5wasm/node';
import type { Dataset, Entity, Group } from 'h5wasm/node';
import { InputError } from '@vaekit/core/errors';
import type { Indptr } from '../../matrix/csr-matrix.js';

/** Small typed accessors over h5wasm that turn every layout surprise into an InputError naming the file. */

/** The child `name` of `group` if it is a group. */
export function childGroup(group: Group, name: string): Group | undefined {
  if (!group.keys().includes(name)) return undefined;
  const e = group.get(name);
  return e instanceof h5wasm.Group ? e : undefined;
}

/** The child `name` of `group` if it is a dataset. */
export function childDataset(group: Group, name: string): Dataset | undefined {
  if (!group.keys().includes(name)) return undefined;
  const e = group.get(name);
  return e instanceof h5wasm.Dataset ? e : undefined;
}

/** The child `name` (group or dataset), or undefined. */
export function child(group: Group, name: string): Entity | undefined {
  if (!group.keys().includes(name)) return undefined;
  return group.get(name) ?? undefined;
}

/** The dataset `name` of `group`; an InputError naming `file` when it is missing. */
export function requireDataset(file: string, group: Group, name: string, hint?: string): Dataset {
  const ds = childDataset(group, name);
  if (!ds) throw new InputError(`${file}: ${joinPath(group.path, name)} is missing`, hint);
  return ds;
}

/** A string attribute (scalar or one-element array), or undefined. */
export function attrString(entity: Dataset | Group, name: string): string | undefined {
  if (!(name in entity.attrs)) return undefined;
  const v = entity.attrs[name].value;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0];
  return undefined;
}

/** A string-array attribute (`column-order`); an empty numeric array (as h5py writes `[]`) is []. */
export function attrStrings(entity: Dataset | Group, name: string): string[] | undefined {
  if (!(name in entity.attrs)) return undefined;
  const v = entity.attrs[name].value;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.map((s) => String(s));
  if (ArrayBuffer.isView(v) && (v as unknown as ArrayLike<unknown>).length === 0) return [];
  return undefined;
}

/** A numeric attribute as numbers (`shape`), or undefined. */
export function attrNumbers(entity: Dataset | Group, name: string): number[] | undefined {
  if (!(name in entity.attrs)) return undefined;
  const v = entity.attrs[name].value;
  if (typeof v === 'number' || typeof v === 'bigint') return [Number(v)];
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, Number);
  return undefined;
}

/** True when the dataset holds strings (variable or fixed length). */
export function isStringDataset(ds: Dataset): boolean {
  return ds.metadata.type === 3;
}

/** A numeric dataset as float64 (ints, int64 via BigInt, floats, HDF5 booleans → 0/1). */
export function readFloat64(file: string, ds: Dataset): Float64Array {
  const v = numericValue(file, ds);
  return v instanceof Float64Array ? v : Float64Array.from(v as ArrayLike<number | bigint>, Number);
}

/** A numeric dataset as float32 (the storage type of counts). */
export function readFloat32(file: string, ds: Dataset): Float32Array {
  const v = numericValue(file, ds);
  return v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number | bigint>, Number);
}

/** An integer dataset as int32, checking that every value fits. */
export function readInt32(file: string, ds: Dataset): Int32Array {
  const v = numericValue(file, ds);
  if (v instanceof Int32Array) return v;
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = Number((v as ArrayLike<number | bigint>)[i]);
    if (!Number.isInteger(x) || x < -(2 ** 31) || x >= 2 ** 31) {
      throw new InputError(`${file}: ${ds.path} holds ${x} at position ${i}, not a 32-bit integer index`);
    }
    out[i] = x;
  }
  return out;
}

/** Row pointers: int32 when they fit (they do below 2^31 non-zeros), float64 otherwise. */
export function readIndptr(file: string, ds: Dataset): Indptr {
  const v = numericValue(file, ds);
  if (v instanceof Int32Array) return v;
  const f = Float64Array.from(v as ArrayLike<number | bigint>, Number);
  return f.length > 0 && f[f.length - 1] > 2 ** 31 - 1 ? f : Int32Array.from(f);
}

/** A string dataset as strings; numbers become their decimal text. */
export function readStrings(file: string, ds: Dataset): string[] {
  const v = ds.value;
  if (Array.isArray(v)) return v.map((s) => (typeof s === 'string' ? s : String(s)));
  if (typeof v === 'string') return [v];
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => String(x));
  throw new InputError(`${file}: ${ds.path} is not a string array (dtype ${JSON.stringify(ds.dtype)})`);
}

function numericValue(file: string, ds: Dataset): ArrayLike<number | bigint> & { length: number } {
  const v = ds.value;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return v as unknown as ArrayLike<number | bigint> & { length: number };
  if (typeof v === 'number' || typeof v === 'bigint') return [v];
  throw new InputError(`${file}: ${ds.path} is not numeric (dtype ${JSON.stringify(ds.dtype)})`, 'the file does not follow the expected layout');
}

function joinPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}
