import { InputError } from '@vaekit/core/errors';
import { alignGenes } from '@vaekit/omics/io';
import { cellCovariates } from '../analysis/covariates.js';
import { sliceCovariates } from '../analysis/run-cells.js';
import { matrixRows, profileCorrelation } from '../generate/matrix-json.js';
import { COUNT_LIKELIHOODS } from '../models/model-summary.js';
import { receiveCounts } from '../upload/receive.js';
import { withWorkspace } from '../upload/workspace.js';
import type { DemoContext, DemoRoutes } from './context.js';

/** Cells reconstructed by default, and at most. */
const DEFAULT_CELLS = 10;
const MAX_CELLS = 200;

/**
 * POST /api/models/:name/reconstruct — cells in (as for embed), the first `?cells=` (default 10) of
 * them encoded and decoded at the posterior mean (observed library size): input, reconstructed
 * likelihood parameters, and per cell the correlation of log1p(input) with log1p(reconstructed mean)
 * (of input and reconstruction themselves for non-count models).
 */
export const reconstructRoutes: DemoRoutes = (app, ctx: DemoContext) => {
  app.post<{ Params: { name: string }; Querystring: Record<string, string | undefined> }>('/api/models/:name/reconstruct', async (request) => {
    const model = await ctx.models.get(request.params.name);
    const wanted = request.query.cells === undefined ? DEFAULT_CELLS : Number(request.query.cells);
    if (!Number.isInteger(wanted) || wanted < 1 || wanted > MAX_CELLS) throw new InputError(`cells must be an integer in 1…${MAX_CELLS}, got "${request.query.cells}"`);
    const { manifest, vae } = model;
    const counts = COUNT_LIKELIHOODS.has(manifest.likelihood.kind);
    const { counts: matrix, source } = await withWorkspace((ws) => receiveCounts(request, model, ws, { maxUploadBytes: ctx.options.maxUploadBytes, maxCells: ctx.options.maxCells, counts }));
    const warnings: string[] = [];
    const features = manifest.featureNames ?? [];
    let X = matrix.X;
    if (features.length > 0) {
      const aligned = alignGenes(matrix, features);
      warnings.push(...aligned.warnings);
      X = aligned.matrix.X;
    }
    const rows = Array.from({ length: Math.min(wanted, X.nRows) }, (_, i) => i);
    const x = { data: X.densifyRows(rows), rows: rows.length, cols: X.nCols };
    const covariates = sliceCovariates(cellCovariates(matrix.obs, manifest.covariates ?? [], warnings), 0, rows.length);
    const outputs = await vae.reconstruct(x, { covariates });
    const main = outputs.mean ?? outputs.loc ?? outputs.probs ?? Object.values(outputs)[0];
    const correlation = rows.map((r) => Number(profileCorrelation(x.data.subarray(r * x.cols, (r + 1) * x.cols), main.data.subarray(r * main.cols, (r + 1) * main.cols), counts).toFixed(4)));
    return {
      model: model.name,
      source,
      cells: rows.map((r) => matrix.obs.names[r]),
      features,
      input: matrixRows(x),
      outputs: Object.fromEntries(Object.entries(outputs).map(([k, m]) => [k, matrixRows(m)])),
      correlation,
      warnings,
    };
  });
};
