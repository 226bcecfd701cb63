/**
 * The on-disk format of a saved model: a directory holding `model.json` (everything but the
 * numbers) and `weights.bin` (the numbers, little-endian, at the offsets its index gives).
 */

/** The `format` field every vaekit model.json carries. */
export const MODEL_FORMAT = 'vaekit-model';
/** The formatVersion this vaekit writes, and the newest it reads. Older ones load via migrations. */
export const FORMAT_VERSION = 1;
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/** The dtypes weights.bin holds, with their size in bytes. */
export const WEIGHT_DTYPES = { float32: 4, int32: 4 } as const;
export type WeightDtype = keyof typeof WEIGHT_DTYPES;

/** Where one named tensor lies in weights.bin. */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: WeightDtype;
  /** Byte offset from the start of weights.bin. */
  offset: number;
  byteLength: number;
}

/** The `weights` object of model.json. */
export interface WeightsIndex {
  file: string;
  byteLength: number;
  /** Hex sha256 of the whole of weights.bin. */
  sha256: string;
  entries: WeightEntry[];
}

/** True for the dtypes this format stores. */
export function isWeightDtype(dtype: unknown): dtype is WeightDtype {
  return typeof dtype === 'string' && Object.prototype.hasOwnProperty.call(WEIGHT_DTYPES, dtype);
}
