import { analyzeCells, parseAnalyzeQuery } from '../analysis/analyze.js';
import { COUNT_LIKELIHOODS } from '../models/model-summary.js';
import { receiveCounts } from '../upload/receive.js';
import { withWorkspace } from '../upload/workspace.js';
import type { DemoRoutes } from './context.js';

/**
 * POST /api/models/:name/embed — cells in (upload, raw body, JSON, or ?example=1), analysis out:
 * latent map (UMAP/PCA), k-means clusters, labels, anomaly scores, warnings, and the id of the
 * latent CSV download. Query: map=auto|umap|pca, k, labelKey.
 */
export const embedRoutes: DemoRoutes = (app, { options, models, results }) => {
  app.post<{ Params: { name: string }; Querystring: Record<string, string | undefined> }>('/api/models/:name/embed', async (request) => {
    const model = await models.get(request.params.name);
    const analyze = parseAnalyzeQuery(request.query, options.umapMaxCells);
    return withWorkspace(async (ws) => {
      const counts = COUNT_LIKELIHOODS.has(model.manifest.likelihood.kind);
      const { counts: matrix, source } = await receiveCounts(request, model, ws, { maxUploadBytes: options.maxUploadBytes, maxCells: options.maxCells, counts });
      return analyzeCells(model, matrix, source, analyze, results);
    });
  });
};
