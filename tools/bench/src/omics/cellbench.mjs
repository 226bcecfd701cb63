/**
 * The CellBench part of the omics suite: the same scVI-style model with and without batch
 * conditioning on five batches of lung-adenocarcinoma cell lines, scored for batch mixing
 * (iLISI, kBET, batch ASW) and cell-line conservation (ARI, graph connectivity, label ASW), with
 * uncorrected PCA(50) as a reference.
 */
import { evaluateIntegration } from './integration.mjs';
import { loadCellbench } from './load-cellbench.mjs';
import { PCA_CONFIG, randomizedPca } from './pca.mjs';
import { scanpyScaled } from './scanpy-scale.mjs';
import { secondsSince } from './stats.mjs';
import { trainScvi } from './train-scvi.mjs';

async function vaeEntry(data, spec, { seeds, log }) {
  try {
    const r = await trainScvi(data.matrix, spec, { log });
    r.model.dispose();
    const ev = evaluateIntegration(r.latent, data.labels, data.batches, { seeds });
    log(`  ${spec.name}: iLISI ${ev.ilisi.toFixed(3)}, kBET ${ev.kbet.toFixed(3)}, cell-line ARI ${ev.ari.toFixed(3)}`);
    const { model: _model, latent: _latent, ...measured } = r;
    return { ...ev, ...measured, spec };
  } catch (err) {
    log(`  ${spec.name} failed: ${err.stack ?? err}`);
    return { error: String(err.message ?? err), spec };
  }
}

/** Runs the CellBench benchmark; `specs` = { conditional, unconditional, conditionalLatent10 }. */
export async function runCellbench({ specs, seeds, log }) {
  const data = await loadCellbench();
  log(`cellbench: ${data.info.cells} cells × ${data.info.genes} HVGs from ${data.batches.levels.length} batches (loaded in ${data.info.loadSeconds.toFixed(1)} s)`);
  const out = { data: { ...data.info, labels: data.labels.levels, batches: data.batches.levels } };
  const t0 = performance.now();
  const pca = randomizedPca(scanpyScaled(data.matrix), PCA_CONFIG);
  out.pca = { ...evaluateIntegration(pca.scores, data.labels, data.batches, { seeds }), trainSeconds: secondsSince(t0), pca: { ...pca.config, maxRelativeResidual: pca.maxRelativeResidual } };
  for (const key of ['conditional', 'unconditional', 'conditionalLatent10']) {
    log(`cellbench: ${specs[key].name}`);
    out[key] = await vaeEntry(data, specs[key], { seeds, log });
  }
  out.targets = {
    ilisiHigherWithConditioning: out.conditional.ilisi > out.unconditional.ilisi,
    conditionalAriAtLeast09: out.conditional.ari >= 0.9,
  };
  return out;
}
