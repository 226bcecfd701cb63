/**
 * Batch-integration metrics of an embedding (scib's definitions, @vaekit/omics implementations):
 * iLISI and cLISI (scaled), kBET acceptance per cell type (scib's score) and over all cells, batch
 * ASW, graph connectivity, plus the label clustering metrics of {@link evaluateEmbedding}.
 */
import { asPoints, knnGraph } from '@vaekit/core';
import { batchAsw, cLisi, graphConnectivity, iLisi, kbet, kbetPerLabel } from '@vaekit/omics';
import { evaluateEmbedding } from './evaluate.mjs';
import { secondsSince } from './stats.mjs';

/** Every integration metric for one embedding; `labels`/`batches` are `{ codes, levels }`. */
export function evaluateIntegration(embedding, labels, batches, { seeds } = {}) {
  const t0 = performance.now();
  const points = asPoints(embedding.data, embedding.nCols);
  const graph = knnGraph(points, 89); // LISI at perplexity 30 needs 3·30 − 1 neighbours; the others take a prefix
  const perLabel = kbetPerLabel(points, batches.codes, labels.codes);
  const global = kbet(graph, batches.codes);
  const bio = evaluateEmbedding(embedding, labels, { seeds });
  return {
    ...bio,
    ilisi: iLisi(graph, batches.codes),
    clisi: cLisi(graph, labels.codes),
    kbet: perLabel.score,
    kbetPerLabel: perLabel.perLabel.map((p) => ({ label: labels.levels[p.label], cells: p.cells, k: p.k, acceptance: p.acceptance })),
    kbetGlobal: global.acceptance,
    kbetGlobalK: global.k,
    batchAsw: batchAsw(points, batches.codes, labels.codes).score,
    graphConnectivity: graphConnectivity(graph, labels.codes).score,
    evalSeconds: secondsSince(t0),
  };
}
