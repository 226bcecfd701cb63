import type { OnnxManifest } from '@vaekit/onnx/runtime';

/** Likelihoods whose data are counts with a library size: these models take count files (CSV, 10x, .h5ad). */
export const COUNT_LIKELIHOODS: ReadonlySet<string> = new Set(['nb', 'zinb', 'poisson']);

/** One row of GET /api/models. */
export interface ModelSummary {
  name: string;
  /** false when the folder is not a loadable export; `error` says why. */
  ok: boolean;
  error?: string;
  kind?: string;
  likelihood?: string;
  features?: number;
  latentDim?: number;
  covariates?: { name: string; type: string; categories?: string[] }[];
  /** Whether the model reads count files (embed with uploads, anomaly scores). */
  counts?: boolean;
  /** Whether the model folder bundles an example counts file (`?example=1`). */
  example?: boolean;
  description?: string;
}

/** The listing row of a model whose manifest verified. */
export function summarize(name: string, manifest: OnnxManifest, hasExample: boolean): ModelSummary {
  const description = manifest.metadata?.description;
  const summary: ModelSummary = {
    name,
    ok: true,
    kind: manifest.modelKind,
    likelihood: manifest.likelihood.kind,
    features: manifest.featureNames?.length ?? 0,
    latentDim: manifest.latentDim,
    covariates: (manifest.covariates ?? []).map((c) => (c.type === 'categorical' ? { name: c.name, type: c.type, categories: [...c.categories] } : { name: c.name, type: c.type })),
    counts: COUNT_LIKELIHOODS.has(manifest.likelihood.kind),
    example: hasExample,
  };
  if (typeof description === 'string') summary.description = description;
  return summary;
}
