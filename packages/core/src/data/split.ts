import { ConfigError } from '../errors.js';
import type { DataSource } from './batch.js';
import { Rng } from '../math/rng.js';
import { SubsetSource } from './subset-source.js';

/** Row indices of a train/validation split, each sorted ascending. */
export interface SplitIndices {
  train: Uint32Array;
  validation: Uint32Array;
}

/**
 * Splits 0..n-1 at random (seeded) into a validation part of round(n × fraction) rows (at least one)
 * and a training part with the rest (at least one). The same n, fraction and seed give the same split.
 */
export function splitIndices(n: number, fraction: number, seed: number): SplitIndices {
  if (!Number.isInteger(n) || n < 2) {
    throw new ConfigError(`splitIndices: need at least 2 samples to split, got ${n}`);
  }
  if (!(fraction > 0 && fraction < 1)) {
    throw new ConfigError(`splitIndices: validation fraction must be in (0, 1), got ${fraction}`, 'use e.g. 0.1 for 10% validation');
  }
  const nValidation = Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
  const perm = new Rng(seed).permutation(n);
  const validation = perm.slice(0, nValidation).sort();
  const train = perm.slice(nValidation).sort();
  return { train, validation };
}

/** Splits a source into seeded, disjoint training and validation views ({@link SubsetSource}s). */
export function trainValidationSplit(
  source: DataSource,
  fraction: number,
  seed: number,
): { train: SubsetSource; validation: SubsetSource } {
  const { train, validation } = splitIndices(source.size, fraction, seed);
  return { train: new SubsetSource(source, train), validation: new SubsetSource(source, validation) };
}
