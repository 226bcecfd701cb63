import type { DemoRoutes } from './context.js';

/** GET /api/models: every model folder with its kind, likelihood, sizes, and ok or broken with the reason. */
export const modelRoutes: DemoRoutes = (app, { models }) => {
  app.get('/api/models', async () => ({ models: await models.list() }));
};
