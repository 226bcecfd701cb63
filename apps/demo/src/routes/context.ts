import type { FastifyInstance } from 'fastify';
import type { ModelStore } from '../models/model-store.js';
import type { ResolvedDemoOptions } from '../options.js';
import type { ResultStore } from '../results/result-store.js';

/** What every route needs: the options, the models and the stored results. */
export interface DemoContext {
  options: ResolvedDemoOptions;
  models: ModelStore;
  results: ResultStore;
}

/** A group of routes: registers itself on the app. */
export type DemoRoutes = (app: FastifyInstance, ctx: DemoContext) => void;
