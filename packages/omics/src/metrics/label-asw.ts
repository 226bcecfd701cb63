import { silhouetteScore } from '@vaekit/core';
import type { Points } from '@vaekit/core';

/**
 * Cell-type ASW as scib's `silhouette(adata, label_key, embed)` with `scale=True`:
 * (mean silhouette width of the cell-type labels + 1) / 2, Euclidean, over all cells. 1: compact,
 * separated cell types; 0.5: overlapping; 0: cells closer to other types than to their own.
 */
export function labelAsw(embedding: Points, labels: ArrayLike<number>): number {
  return (silhouetteScore(embedding, labels) + 1) / 2;
}
