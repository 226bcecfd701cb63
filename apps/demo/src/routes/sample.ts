import { matrixRows } from '../generate/matrix-json.js';
import { parseSampleRequest } from '../generate/sample-request.js';
import type { DemoRoutes } from './context.js';

/**
 * POST /api/models/:name/sample — `{ n, seed, covariates?, library? }` → n draws z ~ p(z) decoded:
 * the likelihood's parameters per sample (NB: mean, theta; ZINB also gateLogits; Gaussian: loc, scale…).
 */
export const sampleRoutes: DemoRoutes = (app, { models }) => {
  app.post<{ Params: { name: string } }>('/api/models/:name/sample', async (request) => {
    const model = await models.get(request.params.name);
    const req = parseSampleRequest(request.body, model.manifest);
    const outputs = await model.vae.sample(req.n, { seed: req.seed, covariates: req.covariates, library: req.library });
    return {
      model: model.name,
      n: req.n,
      seed: req.seed,
      likelihood: model.manifest.likelihood.kind,
      features: model.manifest.featureNames ?? [],
      outputs: Object.fromEntries(Object.entries(outputs).map(([k, m]) => [k, matrixRows(m)])),
    };
  });
};
