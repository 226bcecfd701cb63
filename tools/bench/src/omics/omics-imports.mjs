/**
 * The pieces of the BUILT @vaekit/omics the benchmark uses. Preprocessing is not exported by the
 * package index yet, so it comes from its dist module (the same module instances: the workspace
 * link resolves to packages/omics/dist). When the index exports it, import it from '@vaekit/omics'.
 */
export { hvgSeuratV3, selectGenes, normalizeTotal, log1p } from '../../../../packages/omics/dist/preprocess/index.js';
