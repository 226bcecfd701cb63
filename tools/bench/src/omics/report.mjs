/** The markdown page of the omics suite (results/omics.md), from its JSON. */

const fmt = (x, d = 3) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '—');
const pm = (m, sd, d = 3) => (typeof m === 'number' ? `${fmt(m, d)} ± ${fmt(sd, d)}` : '—');
const check = (ok) => (ok ? 'met' : '**not met**');

function pbmcRows(p) {
  const rows = [
    ['PCA(50) of scaled log-normalised HVGs', p.pca],
    ['scVI-style VAE, NB', p.vae],
    ['scVI-style VAE, ZINB', p.zinb],
    ...Object.entries(p.variants ?? {}).map(([name, r]) => [`variant \`${name}\`: ${r.description}`, r]),
  ];
  return rows
    .filter(([, r]) => r)
    .map(([label, r]) =>
      r.error
        ? `| ${label} | failed: ${r.error} | | | | | | |`
        : `| ${label} | ${pm(r.ari, r.ariSd)} | ${pm(r.nmi, r.nmiSd)} | ${pm(r.louvain?.ari.mean, r.louvain?.ari.sd)} | ${fmt(r.labelAsw)} | ${r.heldoutLogLik === undefined ? '—' : `${fmt(r.heldoutLogLik, 1)} ± ${fmt(r.heldoutLogLikSd, 1)}`} | ${fmt(r.trainSeconds, 1)} | ${r.epochs ?? '—'} |`,
    );
}

function cellbenchRows(c) {
  return [
    ['VAE conditioned on batch (`batchKey`), latent 30', c.conditional],
    ['VAE without batch, latent 30', c.unconditional],
    ['VAE conditioned on batch, latent 10 (the pbmc3k setting)', c.conditionalLatent10],
    ['PCA(50) (reference, no correction)', c.pca],
  ]
    .filter(([, r]) => r)
    .map(([label, r]) =>
      r.error
        ? `| ${label} | failed: ${r.error} | | | | | | | |`
        : `| ${label} | ${fmt(r.ilisi)} | ${fmt(r.kbet)} | ${fmt(r.kbetGlobal)} | ${fmt(r.batchAsw)} | ${fmt(r.graphConnectivity)} | ${pm(r.ari, r.ariSd)} | ${pm(r.louvain?.ari.mean, r.louvain?.ari.sd)} | ${fmt(r.labelAsw)} | ${fmt(r.trainSeconds, 1)} |`,
    );
}

/** Renders the suite's JSON as markdown. */
export function omicsMarkdown(json) {
  const p = json.pbmc3k;
  const c = json.cellbench;
  const cfg = json.config;
  const lines = [
    json.suite === 'omics-variants' ? '# omics benchmark, pbmc3k variants: what scvi users try when the clusters are poor' : '# omics benchmark: scVI-style model on real data',
    '',
    `Generated ${json.timestamp} by \`${json.command}\` in ${fmt(json.durationSeconds, 0)} s${cfg.quick ? ' (**--quick**: smoke run, too few epochs to judge quality)' : ''}.`,
    `Machine: ${json.machine.cpus} × ${json.machine.cpuModel}, ${json.machine.memoryGiB} GiB, Node ${json.versions.node}; tfjs ${json.versions.tfjsCore} on the ${json.backend} backend (one thread); @vaekit/core ${json.versions.vaekitCore}, @vaekit/omics ${json.versions.vaekitOmics}.`,
    `Other processes used ${fmt(json.otherLoad, 2)} cores on average during the run (2-core machine; above ~0.2 the timings are contended).`,
    '',
  ];
  if (p) {
    lines.push(
      `## pbmc3k (${p.data.cells.toLocaleString('en')} labelled cells × ${p.data.genes} seurat_v3 HVGs, ${Object.keys(p.data.labelCounts).length} Seurat-tutorial types)`,
      '',
      `Models train on ${p.split.train} cells (90%, split seed ${p.split.seed}); ARI/NMI/ASW use the posterior means of all ${p.data.cells} cells; held-out log p(x) is the importance-weighted bound (K = ${cfg.iwSamples}) per cell on the other ${p.split.heldout} cells, each model under its own likelihood (nats).`,
      `k-means: k = ${p.data.labels.length}, ${cfg.kmeansSeeds.length} seeds (${cfg.kmeansSeeds.join(', ')}), 10 k-means++ starts each; mean ± sd over seeds. Louvain: 15-NN graph, resolution bisected until it gives k communities, same seeds.`,
      '',
      '| embedding | k-means ARI | k-means NMI | Louvain (k) ARI | label ASW | held-out log p(x) / cell | train s | epochs |',
      '|---|---|---|---|---|---|---|---|',
      ...pbmcRows(p),
      '',
      `VAE: ${describeSpec(p.vae?.spec)}. PCA: ${p.pca?.method}; "train s" for PCA is normalise + scale + PCA.`,
      '',
      `Targets: NB-VAE k-means ARI ≥ 0.75 — ${check(p.targets?.vaeAriAtLeast075)} (${fmt(p.vae?.ari)}); above PCA — ${check(p.targets?.vaeAbovePca)} (${fmt(p.vae?.ari)} vs ${fmt(p.pca?.ari)}).`,
      '',
    );
  }
  if (c) {
    lines.push(
      `## CellBench sc_mixology (${c.data.cells.toLocaleString('en')} singlets, ${Object.keys(c.data.batchCounts).length} batches, ${Object.keys(c.data.labelCounts).length} cell lines; ${c.data.sharedGenes.toLocaleString('en')} shared genes → ${c.data.genes} HVGs, seurat_v3 with batch_key)`,
      '',
      'iLISI: scib-scaled, perplexity 30 (1 = batches fully mixed). kBET: acceptance per cell line averaged (scib), and over all cells against the global batch frequencies (penalises batches whose cell-line mix differs, as here: two batches lack A549 and H838).',
      `Cell-line ARI: k-means with k = ${c.data.labels.length} (mean ± sd over seeds) and Louvain at k communities. Graph connectivity on the 15-NN graph.`,
      '',
      '| embedding | iLISI | kBET (per line) | kBET (global) | batch ASW | graph conn. | cell-line ARI (k-means) | ARI (Louvain k) | label ASW | train s |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...cellbenchRows(c),
      '',
      `VAE: ${describeSpec(c.conditional?.spec)}; the conditional models add \`batchKey: 'batch'\` (batch one-hot into every decoder layer). Latent 30 is scib's scVI setting; the latent-10 row shows why it is used here.`,
      '',
      `Targets: iLISI higher with conditioning — ${check(c.targets?.ilisiHigherWithConditioning)} (${fmt(c.conditional?.ilisi)} vs ${fmt(c.unconditional?.ilisi)}); conditional cell-line ARI ≥ 0.9 — ${check(c.targets?.conditionalAriAtLeast09)} (${fmt(c.conditional?.ari)}).`,
      '',
    );
  }
  if (json.notes?.length) lines.push('## Notes', '', ...json.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

/** One line describing a model spec. */
export function describeSpec(spec) {
  if (!spec) return '—';
  const m = spec.model;
  const t = spec.train;
  const kl = t.klSchedule?.kind === 'linear' ? `KL warm-up ${t.klSchedule.warmupEpochs} epochs` : JSON.stringify(t.klSchedule);
  return `${m.likelihood}, latent ${m.latentDim}, hidden [${m.hidden.join(', ')}], dropout ${m.dropout ?? 0.1}, prior ${m.prior ?? 'standard-normal'}; ${t.epochs} epochs, batch ${t.batchSize ?? 128}, Adam lr ${t.learningRate ?? 1e-3}, ${kl}, seed ${t.seed}`;
}
