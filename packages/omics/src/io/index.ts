/** Reading single-cell counts (10x folders and .h5, .h5ad, CSV/TSV) and writing .h5ad and CSV. */
export { readCounts, pathInfo } from './read-counts.js';
export { countReaders } from './registry.js';
export type { CountReader, PathInfo, ReadCountsOptions } from './reader.js';
export { readTenxMtx, tenxMtxReader } from './tenx-mtx-reader.js';
export { readH5ad, h5adReader } from './h5ad-reader.js';
export { readTenxH5, tenxH5Reader } from './tenx-h5-reader.js';
export { readCountTable, csvCountsReader, guessOrientation } from './csv-counts-reader.js';
export { readMatrixMarket } from './matrix-market.js';
export type { MatrixMarketCoo } from './matrix-market.js';
export { readTable } from './read-table.js';
export { joinObs } from './join-obs.js';
export { writeH5ad } from './write-h5ad.js';
export type { H5adContent } from './write-h5ad.js';
export { writeCsv, formatNumber } from './write-csv.js';
export type { CsvMatrix, CsvFrame, WriteCsvOptions } from './write-csv.js';
export { writeFileAtomically } from './atomic-file.js';
