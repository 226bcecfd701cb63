/** The markdown page of the multimodal suite (results/multimodal.md), from its JSON. */

const fmt = (x, d = 3) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '—');
const pm = (r) => `${fmt(r.medianProteinR)} ± ${fmt(r.medianProteinRSd)}`;

export function multimodalMarkdown(json) {
  const c = json.citeseq;
  const s = json.simulated;
  const cfg = json.config;
  const lines = [
    '# multimodal benchmark: protein from RNA on CITE-seq, latent recovery on simulated data',
    '',
    `Generated ${json.timestamp} by \`${json.command}\` in ${fmt(json.durationSeconds, 0)} s${cfg.quick ? ' (**--quick**: smoke run, too few epochs to judge quality)' : ''}.`,
    `Machine: ${json.machine.cpus} × ${json.machine.cpuModel}, ${json.machine.memoryGiB} GiB, Node ${json.versions.node}; tfjs ${json.versions.tfjsCore} on the ${json.backend} backend (one thread).`,
    `Other processes used ${fmt(json.otherLoad, 2)} cores on average during the run (2-core machine; above ~0.2 the timings are contended).`,
    '',
  ];
  if (c) {
    const splitText = c.splits.map((x) => x.splitSeed).join(', ');
    lines.push(
      `## CITE-seq ECCITE PBMC: ${c.data.cells} cells, ${c.data.genes} seurat_v3 HVGs (of ${c.data.rawGenes}), ${c.data.proteins} ADTs`,
      '',
      `Each split (seeds ${splitText}) holds out ${c.splits[0].heldout} cells; methods see the other ${c.splits[0].train} cells' RNA and protein, then predict the held-out cells' protein from their RNA alone.`,
      "Metric: Pearson r between predicted and observed log-normalised protein (log1p of counts per 10k of the cell's ADT total) per protein over the held-out cells; median over proteins; mean ± sd over splits.",
      `Models: latent ${cfg.model.latentDim}, RNA expert/decoder MLP [128] with NB (library offset), protein expert/decoder MLP [64] with the nb-mixture likelihood; ${cfg.train.epochs} epochs, batch ${cfg.train.batchSize}, Adam ${cfg.train.learningRate}, KL warm-up ${cfg.train.klSchedule.warmupEpochs} epochs; protein predicted as the mean of p(protein | z) averaged over ${cfg.imputeSamples} draws of z ~ q(z | RNA).`,
      '',
      '| method | median protein r (mean ± sd over splits) | per split | median of per-protein mean r | train s (mean) |',
      '|---|---|---|---|---|',
    );
    const row = (label, r) => {
      if (!r) return;
      const secs = r.runs.filter((x) => x.trainSeconds !== undefined).map((x) => x.trainSeconds);
      lines.push(`| ${label} | ${pm(r)} | ${r.perSplit.map((v) => fmt(v)).join(', ')} | ${fmt(r.medianOfPooledPerProtein)} | ${secs.length ? fmt(secs.reduce((a, b) => a + b, 0) / secs.length, 0) : '—'} |`);
    };
    row(`kNN regression on RNA PCA(50), k by 5-fold CV on the training cells (k = ${c.knn.runs.map((x) => x.k).join(', ')})`, c.knn);
    row(`kNN, best (PCs, k) judged on the held-out cells (optimistic reference: ${c.knnOracle.runs.map((x) => `${x.pcs}/${x.k}`).join(', ')})`, c.knnOracle);
    row('**product of experts, fully paired**', c.poe);
    row(`kNN (as above) on the 70% of training cells that keep their protein (k = ${c.knnHidden30.runs.map((x) => x.k).join(', ')})`, c.knnHidden30);
    row('product of experts, 30% of training cells\' protein hidden (their RNA still used)', c.poeHidden30);
    row('mixture of products of experts (MoPoE), fully paired', c.mopoe);
    lines.push(
      '',
      `**Target (PoE beats the kNN baseline on median protein r): ${c.comparison.targetMet ? 'met' : 'not met'}** — PoE − kNN = ${fmt(c.comparison.poeMinusKnn)} (PoE ahead in ${c.comparison.poeBeatsKnnInSplits} splits). Hiding 30% of the training cells' protein changes PoE by ${fmt(c.comparison.hidden30MinusFullyPaired)}; with it hidden, PoE − kNN = ${fmt(c.comparison.hidden30PoeMinusKnn)}.`,
      '',
      '<details><summary>Per-protein r (mean over splits)</summary>',
      '',
      '| protein | kNN | PoE | kNN, 30% hidden | PoE, 30% hidden |',
      '|---|---|---|---|---|',
      ...c.poe.perProtein.map((x, j) => `| ${x.protein} | ${fmt(c.knn.perProtein[j].meanR)} | ${fmt(x.meanR)} | ${fmt(c.knnHidden30.perProtein[j].meanR)} | ${fmt(c.poeHidden30.perProtein[j].meanR)} |`),
      '',
      '</details>',
      '',
    );
  }
  if (s) {
    lines.push(
      `## Simulated RNA + protein with a known 2-D latent (${s.cells} cells, ${s.missing}; seeds ${s.seeds.join(', ')})`,
      '',
      'Linear R² of the true latent from the inferred one (OLS with intercept, mean over the two true dimensions); imputed protein: median over proteins of r between imputed and true log mean protein.',
      '',
      '| fusion | latent R² (all cells) | R² on the cells missing a modality | R² from RNA alone | R² from protein alone | imputed protein r (from RNA) |',
      '|---|---|---|---|---|---|',
      ...['poe', 'mopoe'].map((f) => `| ${f} | ${fmt(s[f].latentR2)} | ${fmt(s[f].latentR2MissingCells)} | ${fmt(s[f].latentR2FromRna)} | ${fmt(s[f].latentR2FromProtein)} | ${fmt(s[f].imputedProteinMedianR)} |`),
      '',
    );
  }
  lines.push('## Notes', '', ...json.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}
