/**
 * The `omics` suite: the scVI-style model of @vaekit/omics on real data (shared/data), measured in
 * one run against a PCA baseline computed in the same run.
 *   - pbmc3k: NB and ZINB models vs PCA(50): k-means / Louvain ARI and NMI with the Seurat cell
 *     types, label ASW, held-out IWAE log-likelihood, training time.
 *   - CellBench sc_mixology: batch-conditional vs unconditional model: iLISI, kBET, batch ASW,
 *     cell-line ARI, graph connectivity.
 * `--quick` trains a few epochs (smoke run); `--epochs n` sets every model's epochs. `--variants a,b`
 * (or `all`) runs instead the pbmc3k variants of PBMC_VARIANTS (what scvi users try when clusters
 * are poor) beside the PCA baseline and the NB model, and writes results/omics-variants.{json,md}.
 */
import { useEngine } from '@vaekit/core';
import { machineInfo, writeResults } from '../results.mjs';
import { runCellbench } from '../omics/cellbench.mjs';
import { startLoadMonitor } from '../load-monitor.mjs';
import { runPbmc3k } from '../omics/pbmc3k.mjs';
import { omicsMarkdown } from '../omics/report.mjs';
import { versions } from '../omics/versions.mjs';

/**
 * Epochs in a full run, so that each model trains in ≤ ~3 min on this 2-core machine (~0.65 s per
 * pbmc3k NB epoch; ZINB has no fused kernel and takes ~2.6 s; a CellBench epoch ~0.3 s).
 */
const EPOCHS = { pbmc3k: 200, pbmc3kZinb: 60, cellbench: 200 };
const QUICK_EPOCHS = 3;

/** scvi-tools' SCVI defaults where @vaekit/omics has them (latent 10, one hidden layer of 128, dropout 0.1, Adam 1e-3, batch 128). */
function baseSpec(name, epochs, model = {}, train = {}) {
  return {
    name,
    model: { likelihood: 'nb', latentDim: 10, hidden: [128], dropout: 0.1, seed: 1, ...model },
    train: { epochs, batchSize: 128, learningRate: 1e-3, seed: 1, klSchedule: { kind: 'linear', warmupEpochs: Math.min(20, epochs) }, ...train },
  };
}

/** Optional pbmc3k variants: name → (epochs) → { description, model, train } overrides of the NB model. */
export const PBMC_VARIANTS = {
  latent30: () => ({ description: 'latent 30', model: { latentDim: 30 } }),
  mog: () => ({ description: 'mixture-of-Gaussians prior (10 components)', model: { prior: 'mixture-of-gaussians' } }),
  'latent30-mog': () => ({ description: 'latent 30, mixture-of-Gaussians prior', model: { latentDim: 30, prior: 'mixture-of-gaussians' } }),
  'kl-warmup-all': (epochs) => ({ description: 'KL warm-up over every epoch (scvi-tools: 400 of 400)', train: { klSchedule: { kind: 'linear', warmupEpochs: epochs } } }),
  epochs400: () => ({ description: '400 epochs, KL warm-up 400 (scvi-tools defaults for this size; ~2× the time budget)', train: { epochs: 400, klSchedule: { kind: 'linear', warmupEpochs: 400 } } }),
  epochs50: () => ({ description: '50 epochs', train: { epochs: 50 } }),
  'early-stopping': (epochs) => ({
    description: `early stopping on the validation ELBO (10% of the training cells, patience 20, best weights; at most ${epochs} epochs), as scvi-tools' early_stopping=True`,
    train: { validationFraction: 0.1, earlyStopping: { patience: 20 } },
  }),
  'cp10k-input': () => ({ description: "encoder input log1p(counts per 10k) instead of log1p(counts)", model: { encoderInput: 'log1p-cp10k' } }),
  layers2: () => ({ description: 'two hidden layers [128, 128]', model: { hidden: [128, 128] } }),
};

/** The specs of the named variants (`all` for every one); a quick run caps their epochs too. */
function variantSpecs(names, epochs, quick) {
  const list = names?.includes('all') ? Object.keys(PBMC_VARIANTS) : (names ?? []);
  const unknown = list.filter((n) => !(n in PBMC_VARIANTS));
  if (unknown.length > 0) throw new Error(`omics: unknown variant(s) ${unknown.join(', ')}; known: ${Object.keys(PBMC_VARIANTS).join(', ')}, all`);
  return Object.fromEntries(
    list.map((n) => {
      const v = PBMC_VARIANTS[n](epochs);
      const base = baseSpec(`pbmc3k-nb-${n}`, epochs);
      const train = { ...base.train, ...v.train };
      if (quick) train.epochs = Math.min(train.epochs, QUICK_EPOCHS);
      return [n, { ...base, description: v.description, model: { ...base.model, ...v.model }, train }];
    }),
  );
}

const log = (m) => process.stderr.write(`${m}\n`);

/** Runs the suite and writes results/omics.json and results/omics.md. */
export async function run({ epochs, quick = false, variants } = {}) {
  const started = performance.now();
  const monitor = startLoadMonitor();
  const engine = await useEngine('wasm', { quiet: true });
  const pbmcEpochs = epochs ?? (quick ? QUICK_EPOCHS : EPOCHS.pbmc3k);
  const zinbEpochs = epochs ?? (quick ? QUICK_EPOCHS : EPOCHS.pbmc3kZinb);
  const cbEpochs = epochs ?? (quick ? QUICK_EPOCHS : EPOCHS.cellbench);
  const variantRun = (variants?.length ?? 0) > 0;
  const seeds = quick ? [0, 1] : [0, 1, 2, 3, 4];
  const iwSamples = quick ? 10 : 100;
  const config = { quick, pbmcEpochs, pbmcZinbEpochs: zinbEpochs, cellbenchEpochs: cbEpochs, kmeansSeeds: seeds, iwSamples, heldoutFraction: 0.1, splitSeed: 0, modelSeed: 1 };
  const pbmcSpecs = {
    vae: baseSpec('pbmc3k-nb', pbmcEpochs),
    zinb: variantRun ? undefined : baseSpec('pbmc3k-zinb', zinbEpochs, { likelihood: 'zinb' }),
    variants: variantSpecs(variants, pbmcEpochs, quick),
  };
  // latent 30 as scib's scVI setting: with latent 10, k-means (k = 5) splits H1975 in two (see the latent-10 row)
  const cbSpecs = {
    conditional: baseSpec('cellbench-conditional', cbEpochs, { batchKey: 'batch', latentDim: 30 }),
    unconditional: baseSpec('cellbench-unconditional', cbEpochs, { latentDim: 30 }),
    conditionalLatent10: baseSpec('cellbench-conditional-latent10', cbEpochs, { batchKey: 'batch' }),
  };
  const pbmc3k = await runPbmc3k({ specs: pbmcSpecs, seeds, iwSamples, log });
  const cellbench = variantRun ? undefined : await runCellbench({ specs: cbSpecs, seeds, log });
  const json = {
    suite: variantRun ? 'omics-variants' : 'omics',
    backend: engine.backend,
    engine: { chosen: engine.chosen, details: engine.details },
    command: `node tools/bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    timestamp: new Date().toISOString(),
    durationSeconds: (performance.now() - started) / 1000,
    otherLoad: monitor.stop(),
    machine: machineInfo(),
    versions: versions(),
    config,
    pbmc3k,
    cellbench,
    notes: [
      'Every number is measured by this command in this run; nothing is copied from elsewhere.',
      'VAE latents are posterior means (scvi-tools get_latent_representation). Model seeds are fixed, so repeated runs give the same models up to floating-point scheduling; the ± is over clustering seeds only.',
      'ARI/NMI/ASW of the VAEs include their training cells (as scVI is used); the held-out log-likelihood does not.',
      'The pbmc3k labels come from the Seurat tutorial: Louvain clusters on a PCA of scaled log-normalised data, annotated by markers. The PCA baseline follows nearly that pipeline, which favours it.',
    ],
  };
  const { jsonPath, mdPath } = writeResults(json.suite, json, omicsMarkdown(json));
  log(`wrote ${jsonPath} and ${mdPath} (${json.durationSeconds.toFixed(0)} s)`);
  return json;
}
