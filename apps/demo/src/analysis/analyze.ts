import { InputError } from '@vaekit/core/errors';
import { alignGenes, type CountMatrix } from '@vaekit/omics/io';
import type { LoadedModel } from '../models/model-store.js';
import type { ResultStore } from '../results/result-store.js';
import { calibrateScores, readCalibration, type AnomalyResult } from './anomaly.js';
import { clusterLatent } from './clusters.js';
import { cellCovariates } from './covariates.js';
import { findLabels } from './labels.js';
import { pca2, type Map2d } from './pca.js';
import { runCells } from './run-cells.js';
import { UMAP_MIN_CELLS, umap2 } from './umap.js';

export interface AnalyzeOptions {
  /** 'auto' (default): UMAP up to `umapMaxCells` cells, PCA beyond. */
  map?: 'auto' | 'umap' | 'pca';
  /** k of k-means (default: the number of labels, else chosen by silhouette). */
  k?: number;
  /** obs column to colour by (default: a cell-type-like column if there is one). */
  labelKey?: string;
  umapMaxCells: number;
}

/** The JSON answer of POST /api/models/:name/embed. */
export interface AnalysisResponse {
  id: string;
  model: string;
  source: string;
  cells: number;
  cellNames: string[];
  features: { model: number; matched: number };
  latentDim: number;
  map: { method: 'umap' | 'pca'; x: number[]; y: number[]; explained?: [number, number] };
  clusters: { k: number; chosenBy: string; labels: number[] };
  labels?: { key: string; categories: string[]; values: string[] };
  anomaly?: { score: number[]; z: number[]; percentile: number[]; flagged: boolean[]; threshold: number; calibrated: boolean; flaggedCount: number };
  warnings: string[];
  downloads: { latentCsv: string };
}

/**
 * The whole analysis of uploaded cells with one model: genes matched by name to the model's
 * (missing ones zero-filled, with a warning), covariates from obs, latent means and anomaly scores
 * from onnxruntime, k-means clusters, a 2-D map (UMAP or PCA), labels from obs. The latent is
 * kept in `results` for the CSV download.
 */
export async function analyzeCells(model: LoadedModel, counts: CountMatrix, source: string, options: AnalyzeOptions, results: ResultStore): Promise<AnalysisResponse> {
  const { manifest, vae } = model;
  const warnings: string[] = [];
  const featureNames = manifest.featureNames ?? [];
  let matrix = counts;
  let matched = counts.X.nCols;
  if (featureNames.length > 0) {
    const aligned = alignGenes(counts, featureNames);
    warnings.push(...aligned.warnings);
    matrix = aligned.matrix;
    matched = featureNames.length - aligned.missing.length;
  }
  const covariates = cellCovariates(counts.obs, manifest.covariates ?? [], warnings);
  const out = await runCells(vae, matrix.X, covariates);
  const n = matrix.X.nRows;
  const d = out.latentDim;

  const labels = findLabels(counts.obs, options.labelKey);
  const clusters = clusterLatent(out.latent, n, d, { k: options.k, labelCount: labels?.categories.length });
  const map = await map2d(out.latent, n, d, options, warnings);
  const anomaly = out.scores ? calibrateScores(out.scores, readCalibration(manifest.metadata)) : undefined;
  if (anomaly && !anomaly.calibrated) warnings.push('the model carries no anomaly calibration: scores are compared with the uploaded cells themselves (robust z > 3.5 flags)');

  const stored = results.add({ model: model.name, cellNames: counts.obs.names, latent: out.latent, latentDim: d, clusters: clusters.labels });
  const response: AnalysisResponse = {
    id: stored.id,
    model: model.name,
    source,
    cells: n,
    cellNames: counts.obs.names,
    features: { model: featureNames.length || counts.X.nCols, matched },
    latentDim: d,
    map: { method: map.method, x: rounded(map.x), y: rounded(map.y) },
    clusters: { k: clusters.k, chosenBy: clusters.chosenBy, labels: Array.from(clusters.labels) },
    warnings,
    downloads: { latentCsv: `/api/results/${stored.id}/latent.csv` },
  };
  if (map.explained) response.map.explained = map.explained;
  if (labels) response.labels = labels;
  if (anomaly) response.anomaly = anomalyJson(anomaly);
  return response;
}

async function map2d(latent: Float32Array, n: number, d: number, options: AnalyzeOptions, warnings: string[]): Promise<Map2d> {
  const wanted = options.map ?? 'auto';
  if (wanted === 'pca') return pca2(latent, n, d);
  if (n < UMAP_MIN_CELLS) {
    if (wanted === 'umap') warnings.push(`UMAP needs at least ${UMAP_MIN_CELLS} cells: the map is PCA`);
    return pca2(latent, n, d);
  }
  if (n > options.umapMaxCells) {
    if (wanted === 'umap') warnings.push(`UMAP is limited to ${options.umapMaxCells} cells on this server: the map of ${n} cells is PCA`);
    return pca2(latent, n, d);
  }
  return umap2(latent, n, d, { seed: 0 });
}

function anomalyJson(a: AnomalyResult): NonNullable<AnalysisResponse['anomaly']> {
  const flagged = Array.from(a.flagged, (f) => f === 1);
  return {
    score: rounded(a.score),
    z: rounded(a.z),
    percentile: rounded(a.percentile),
    flagged,
    threshold: a.threshold,
    calibrated: a.calibrated,
    flaggedCount: flagged.filter(Boolean).length,
  };
}

/** Float32 values as JSON numbers with 6 significant digits (float32 holds ~7). */
function rounded(values: Float32Array): number[] {
  return Array.from(values, (v) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : 0));
}

/** Parses the query options of the embed route; bad values are an InputError. */
export function parseAnalyzeQuery(query: Record<string, string | undefined>, umapMaxCells: number): AnalyzeOptions {
  const o: AnalyzeOptions = { umapMaxCells };
  if (query.map !== undefined) {
    if (query.map !== 'auto' && query.map !== 'umap' && query.map !== 'pca') throw new InputError(`map must be "auto", "umap" or "pca", got "${query.map}"`);
    o.map = query.map;
  }
  if (query.k !== undefined) {
    const k = Number(query.k);
    if (!Number.isInteger(k) || k < 1 || k > 100) throw new InputError(`k must be an integer in 1…100, got "${query.k}"`);
    o.k = k;
  }
  if (query.labelKey !== undefined && query.labelKey !== '') o.labelKey = query.labelKey;
  return o;
}
