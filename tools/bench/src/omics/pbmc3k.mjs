/**
 * The pbmc3k part of the omics suite: PCA(50) baseline and the NB / ZINB scVI-style models (plus
 * optional variants), each evaluated by k-means / Louvain agreement with the Seurat cell types,
 * label ASW and (VAEs) held-out importance-weighted log-likelihood.
 */
import { splitIndices } from '@vaekit/core';
import { evaluateEmbedding } from './evaluate.mjs';
import { loadPbmc3k } from './load-pbmc3k.mjs';
import { PCA_CONFIG, randomizedPca } from './pca.mjs';
import { scanpyScaled } from './scanpy-scale.mjs';
import { secondsSince } from './stats.mjs';
import { heldoutLogLik, trainScvi } from './train-scvi.mjs';

/** PCA(50) of the scanpy-scaled log-normalised counts, evaluated. */
export function pcaBaseline(matrix, labels, seeds) {
  const t0 = performance.now();
  const scaled = scanpyScaled(matrix);
  const pca = randomizedPca(scaled, PCA_CONFIG);
  const trainSeconds = secondsSince(t0);
  return {
    ...evaluateEmbedding(pca.scores, labels, { seeds }),
    trainSeconds,
    method: `normalize_total(1e4) → log1p → scale (ddof 1, clip ±10) → randomized PCA (${PCA_CONFIG.k} components, subspace ${PCA_CONFIG.k + PCA_CONFIG.oversample}, ${PCA_CONFIG.iterations} power iterations, tfjs matMul on wasm)`,
    pca: { ...pca.config, maxRelativeResidual: pca.maxRelativeResidual, explainedVarianceRatioTop10: pca.explainedVarianceRatio.slice(0, 10), varianceExplained: pca.explainedVarianceRatio.reduce((a, b) => a + b, 0), clippedValues: scaled.clipped },
  };
}

/** Trains one spec on the training cells and evaluates it; failures are recorded, not thrown. */
async function vaeEntry(data, split, spec, { seeds, iwSamples, log }) {
  try {
    const r = await trainScvi(data.matrix, spec, { trainCells: Array.from(split.train), log });
    try {
      const ev = evaluateEmbedding(r.latent, data.labels, { seeds });
      log(`  ${spec.name}: k-means ARI ${ev.ari.toFixed(3)} ± ${ev.ariSd.toFixed(3)}, NMI ${ev.nmi.toFixed(3)}; held-out log-likelihood (K = ${iwSamples})…`);
      const ll = heldoutLogLik(r.model, data.matrix, Array.from(split.validation), { samples: iwSamples, seed: 0 });
      const { model: _model, latent: _latent, ...measured } = r;
      return { ...ev, ...measured, heldoutLogLik: ll.mean, heldoutLogLikSd: ll.sd, heldout: ll, spec };
    } finally {
      r.model.dispose();
    }
  } catch (err) {
    log(`  ${spec.name} failed: ${err.stack ?? err}`);
    return { error: String(err.message ?? err), spec };
  }
}

/** Runs the pbmc3k benchmark; `specs` = { vae, zinb, variants: { name: spec } }. */
export async function runPbmc3k({ specs, seeds, iwSamples, log }) {
  const data = await loadPbmc3k();
  log(`pbmc3k: ${data.info.cells} cells × ${data.info.genes} HVGs (loaded in ${data.info.loadSeconds.toFixed(1)} s)`);
  const split = splitIndices(data.matrix.X.nRows, 0.1, 0);
  const out = {
    data: { ...data.info, labels: data.labels.levels },
    split: { seed: 0, train: split.train.length, heldout: split.validation.length },
  };
  log('pbmc3k: PCA baseline');
  out.pca = pcaBaseline(data.matrix, data.labels, seeds);
  log(`  PCA: k-means ARI ${out.pca.ari.toFixed(3)} ± ${out.pca.ariSd.toFixed(3)} (${out.pca.trainSeconds.toFixed(1)} s)`);
  for (const key of ['vae', 'zinb']) {
    if (!specs[key]) continue;
    log(`pbmc3k: ${specs[key].name}`);
    out[key] = await vaeEntry(data, split, specs[key], { seeds, iwSamples, log });
  }
  const variants = Object.entries(specs.variants ?? {});
  if (variants.length > 0) out.variants = {};
  for (const [name, spec] of variants) {
    log(`pbmc3k: variant ${name}`);
    out.variants[name] = { description: spec.description, ...(await vaeEntry(data, split, spec, { seeds, iwSamples, log })) };
  }
  out.targets = {
    vaeAriAtLeast075: out.vae.ari >= 0.75,
    vaeAbovePca: out.vae.ari > out.pca.ari,
  };
  return out;
}
