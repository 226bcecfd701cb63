// Shared pieces of the trainer tests: the PPCA fixture as a data source, and event filters.
import { readFileSync } from 'node:fs';
import { ArraySource } from '../../src/data/array-source.js';
import type { TrainEvent } from '../../src/train/events.js';

export interface PpcaFixture {
  n: number;
  featureDim: number;
  latentDim: number;
  x: number[];
  mle_nll: number;
  true_nll: number;
}

export const ppca = JSON.parse(readFileSync(new URL('./fixtures/ppca.json', import.meta.url), 'utf8')) as PpcaFixture;

/** The fixture's first `n` rows as an ArraySource. */
export function ppcaSource(n = ppca.n): ArraySource {
  return new ArraySource({ x: Float32Array.from(ppca.x.slice(0, n * ppca.featureDim)), n, featureDim: ppca.featureDim });
}

/** The events of one type, typed. */
export function ofType<K extends TrainEvent['type']>(events: TrainEvent[], type: K): Extract<TrainEvent, { type: K }>[] {
  return events.filter((e): e is Extract<TrainEvent, { type: K }> => e.type === type);
}
