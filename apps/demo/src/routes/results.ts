import { Readable } from 'node:stream';
import { HttpError } from '../http/http-error.js';
import { latentCsvLines } from '../results/latent-csv.js';
import type { DemoRoutes } from './context.js';

/** GET /api/results/:id/latent.csv — the latent means of an analysis (cell, z1…zd, cluster). */
export const resultRoutes: DemoRoutes = (app, { results }) => {
  app.get<{ Params: { id: string } }>('/api/results/:id/latent.csv', async (request, reply) => {
    const result = results.get(request.params.id);
    if (!result) throw new HttpError(404, `no result "${request.params.id.slice(0, 60)}"`, 'results are kept in memory for the latest analyses only: run the analysis again', 'unknown-result');
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${result.model}-latent.csv"`)
      .send(Readable.from(latentCsvLines(result)));
  });
};
