/** @vaekit/omics — single-cell RNA-seq on vaekit. */
export {};
