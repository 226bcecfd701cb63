import type { CountMatrix, DenseMatrix, ScviModel } from '@vaekit/omics';
import type { CommandContext } from '../commands/command.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { displayPath } from '../paths.js';
import { formatLoss, formatScore, formatTable } from '../progress/format.js';
import { latentMetrics, type MetricRow } from './latent-metrics.js';
import { loadOmicsModel } from './load-model.js';
import { obsCategories } from './obs-categories.js';
import { readData, requireObsColumn, type ReadOptions } from './read-data.js';
import { resolveModelDir } from './run-layout.js';

export interface EvaluateOmicsFlags {
  model: string;
  data: string;
  format?: string;
  layer?: string;
  orientation?: ReadOptions['orientation'];
  labelsKey?: string;
  batchKey?: string;
  out?: string;
  mllSamples: number;
  metricsCells: number;
  seed: number;
  json?: boolean;
}

/**
 * `vaekit evaluate`: a trained model on (held-out) counts — importance-weighted log p(x) per cell,
 * and scib-style scores of the latent space against cell labels and batches — as a table or JSON;
 * the latent space (and per-cell log p(x)) written to .h5ad or CSV with --out.
 */
export async function evaluateOmics(flags: EvaluateOmicsFlags, ctx: CommandContext): Promise<ExitCode> {
  const { io } = ctx;
  const dir = resolveModelDir(flags.model);
  const data = await readData(flags.data, { format: flags.format, layer: flags.layer, orientation: flags.orientation });
  if (flags.labelsKey !== undefined) await requireObsColumn(data, flags.labelsKey, '--labels-key');
  if (flags.batchKey !== undefined) await requireObsColumn(data, flags.batchKey, '--batch-key');
  const core = await import('@vaekit/core');
  await core.useEngine(ctx.engine, { logger: (line) => writeLine(io.stderr, line) });
  const model = await loadOmicsModel(dir);
  try {
    if (model.options.batchKey !== undefined) await requireObsColumn(data, model.options.batchKey, "the model's batch key");
    model.warn = (m) => writeLine(io.stderr, `warning: ${m}`);
    const known = new Set(model.genes);
    const genesFound = data.var.names.filter((g) => known.has(g)).length;
    const z = model.latent(data);
    const mll = model.marginalLogLikelihood(data, { samples: flags.mllSamples, seed: flags.seed });
    const { rows, clusters } = await latentMetrics(z, {
      labels: flags.labelsKey === undefined ? undefined : { key: flags.labelsKey, categories: obsCategories(data.obs.columns[flags.labelsKey]) },
      batches: flags.batchKey === undefined ? undefined : { key: flags.batchKey, categories: obsCategories(data.obs.columns[flags.batchKey]) },
      seed: flags.seed,
      maxCells: flags.metricsCells,
    });
    if (flags.out !== undefined) await writeLatent(flags.out, data, z, mll, clusters);
    const result = {
      model: dir,
      data: data.source ?? flags.data,
      cells: data.X.nRows,
      genes: { model: model.genes.length, found: genesFound },
      marginalLogLikelihood: { mean: mean(mll), median: median(mll), samples: flags.mllSamples },
      metrics: Object.fromEntries(rows.map((r) => [r.key, r.value])),
      notes: Object.fromEntries(rows.filter((r) => r.note).map((r) => [r.key, r.note as string])),
      ...(flags.out !== undefined ? { out: flags.out } : {}),
    };
    if (flags.json) writeLine(io.stdout, JSON.stringify(result));
    else printTable(ctx, model, result, rows);
    return EXIT.ok;
  } finally {
    model.dispose();
  }
}

function printTable(ctx: CommandContext, model: ScviModel, r: { model: string; data: string; cells: number; genes: { model: number; found: number }; marginalLogLikelihood: { mean: number; samples: number } }, rows: MetricRow[]): void {
  const o = model.options;
  const lines = formatTable([
    ['model', `${displayPath(r.model)} (${o.likelihood}, ${o.latentDim} latent dimensions${o.batchKey ? `, batch key "${o.batchKey}"` : ''})`],
    ['data', `${displayPath(r.data)}: ${r.cells} cells, ${r.genes.found} of the model's ${r.genes.model} genes`],
    ['log p(x) per cell', `${formatLoss(r.marginalLogLikelihood.mean)} (mean importance-weighted bound, ${r.marginalLogLikelihood.samples} samples; higher is better)`],
    ...rows.map((m): [string, string] => [m.label, `${formatScore(m.value)}${m.note ? ` (${m.note})` : ''}`]),
  ]);
  for (const line of lines) writeLine(ctx.io.stdout, line);
}

/**
 * The latent space as obsm X_vaekit of an .h5ad that is the input AnnData (X, obs, var, obsm) plus
 * obs vaekit_log_px and vaekit_kmeans — so scanpy opens it as it is — or as a CSV table.
 */
async function writeLatent(path: string, data: CountMatrix, z: DenseMatrix, mll: Float32Array, clusters: Int32Array | undefined): Promise<void> {
  const { writeCsv, writeH5ad } = await import('@vaekit/omics');
  if (path.toLowerCase().endsWith('.h5ad')) {
    const columns: CountMatrix['obs']['columns'] = { ...data.obs.columns, vaekit_log_px: Float64Array.from(mll) };
    if (clusters) columns.vaekit_kmeans = Array.from(clusters, (c) => (c < 0 ? '' : String(c)));
    await writeH5ad(path, { X: data.X, obs: { names: data.obs.names, columns }, var: data.var, obsm: { ...data.obsm, X_vaekit: z } });
  } else {
    await writeCsv(path, { rowNames: data.obs.names, colNames: Array.from({ length: z.nCols }, (_, j) => `latent_${j + 1}`), values: z.data });
  }
}

function mean(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

function median(v: Float32Array): number {
  const s = Float64Array.from(v).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}
