/**
 * Clustering agreement of an embedding with known labels: k-means (k = number of labels) ARI / NMI
 * over several seeds (mean ± sd), Louvain on the 15-NN graph at the resolution that gives the same
 * number of clusters (found by bisection; uses k, not the labels), and label ASW (scib scaling).
 */
import { adjustedRandIndex, asPoints, kmeans, knnGraph, normalizedMutualInfo } from '@vaekit/core';
import { knnAdjacency, labelAsw, louvain } from '@vaekit/omics';
import { meanSd, secondsSince } from './stats.mjs';

/** k-means ARI and NMI against `codes` for each seed; `{ ari, nmi }` as mean/sd/values. */
export function kmeansAgreement(points, codes, k, seeds) {
  const ari = [];
  const nmi = [];
  for (const seed of seeds) {
    const { labels } = kmeans(points, k, { seed, nInit: 10 });
    ari.push(adjustedRandIndex(codes, labels));
    nmi.push(normalizedMutualInfo(codes, labels));
  }
  return { ari: meanSd(ari), nmi: meanSd(nmi) };
}

/** Louvain at the resolution (bisected in [0.05, 5]) that yields `k` communities, or the closest count found. */
export function louvainWithK(graph, k, seed) {
  let lo = 0.05;
  let hi = 5;
  let best;
  for (let step = 0; step < 20; step++) {
    const resolution = Math.sqrt(lo * hi);
    const r = louvain(graph, { resolution, seed });
    if (!best || Math.abs(r.count - k) < Math.abs(best.count - k)) best = { ...r, resolution };
    if (r.count === k) break;
    if (r.count < k) lo = resolution;
    else hi = resolution;
  }
  return best;
}

/** Every clustering metric for one embedding ({ data, nRows, nCols }). */
export function evaluateEmbedding(embedding, labels, { seeds = [0, 1, 2, 3, 4], neighbours = 15 } = {}) {
  const t0 = performance.now();
  const points = asPoints(embedding.data, embedding.nCols);
  const k = labels.levels.length;
  const km = kmeansAgreement(points, labels.codes, k, seeds);
  const graph = knnAdjacency(knnGraph(points, neighbours - 1));
  const lv = seeds.map((seed) => louvainWithK(graph, k, seed));
  const louvainOut = {
    ari: meanSd(lv.map((r) => adjustedRandIndex(labels.codes, r.labels))),
    nmi: meanSd(lv.map((r) => normalizedMutualInfo(labels.codes, r.labels))),
    clusters: lv.map((r) => r.count),
    resolution: lv.map((r) => r.resolution),
    neighbours,
  };
  return {
    ari: km.ari.mean,
    ariSd: km.ari.sd,
    nmi: km.nmi.mean,
    nmiSd: km.nmi.sd,
    kmeans: { k, seeds, nInit: 10, ari: km.ari.values, nmi: km.nmi.values },
    louvain: louvainOut,
    labelAsw: labelAsw(points, labels.codes),
    evalSeconds: secondsSince(t0),
  };
}
