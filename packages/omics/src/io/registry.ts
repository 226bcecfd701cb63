import { Registry } from '@vaekit/core/registry';
import { csvCountsReader } from './csv-counts-reader.js';
import { h5adReader } from './h5ad-reader.js';
import type { CountReader } from './reader.js';
import { tenxH5Reader } from './tenx-h5-reader.js';
import { tenxMtxReader } from './tenx-mtx-reader.js';

/**
 * The count-file readers {@link readCounts} chooses from (by `canRead`, or by `kind` when asked).
 * Built in: '10x-mtx' (folders), 'h5ad', '10x-h5', 'csv'. Register more with
 * `countReaders.register(reader)`.
 */
export const countReaders = new Registry<CountReader>('count reader');

for (const reader of [tenxMtxReader, h5adReader, tenxH5Reader, csvCountsReader]) countReaders.register(reader);
