import type { Matrix, OnnxVae } from '@vaekit/onnx/runtime';
import type { CsrMatrix } from '@vaekit/omics/io';
import { COUNT_LIKELIHOODS } from '../models/model-summary.js';
import { pearsonResidualScores } from './anomaly.js';

/** Cells per onnxruntime call: large enough to amortise a call, small enough to keep memory flat. */
export const CHUNK_ROWS = 512;

export interface CellOutputs {
  /** Posterior means [cells × latentDim], row-major. */
  latent: Float32Array;
  latentDim: number;
  /** Raw anomaly scores per cell (count likelihoods only). */
  scores?: Float32Array;
}

/**
 * Runs the cells of `X` (already in the model's feature order) through the model chunk by chunk:
 * encoder → posterior mean, and for count likelihoods decoder at the mean with the observed
 * library size → NB mean/θ → Pearson-residual score. Only the latent and the scores are kept, so
 * memory stays proportional to one chunk whatever the number of cells.
 */
export async function runCells(vae: OnnxVae, X: CsrMatrix, covariates: Record<string, (string | number)[]>): Promise<CellOutputs> {
  const { manifest } = vae;
  const n = X.nRows;
  const g = X.nCols;
  const latentDim = manifest.latentDim;
  const latent = new Float32Array(n * latentDim);
  const counts = COUNT_LIKELIHOODS.has(manifest.likelihood.kind);
  const scores = counts ? new Float32Array(n) : undefined;
  for (let start = 0; start < n; start += CHUNK_ROWS) {
    const rows = Array.from({ length: Math.min(CHUNK_ROWS, n - start) }, (_, k) => start + k);
    const x: Matrix = { data: X.densifyRows(rows), rows: rows.length, cols: g };
    const cov = sliceCovariates(covariates, start, rows.length);
    const { mean } = await vae.embed(x, { covariates: cov });
    latent.set(mean.data, start * latentDim);
    if (!scores) continue;
    const library = manifest.preprocessing?.library ? rowSums(x) : undefined;
    const params = await vae.decode(mean, { covariates: cov, library });
    const mu = params.mean;
    if (!mu) throw new Error(`the ${manifest.likelihood.kind} decoder returned no "mean" output (outputs: ${Object.keys(params).join(', ')})`);
    const theta = params.theta ? broadcastRows(params.theta, rows.length) : undefined;
    pearsonResidualScores(x.data, broadcastRows(mu, rows.length), theta, rows.length, g, scores, start);
  }
  const out: CellOutputs = { latent, latentDim };
  if (scores) out.scores = scores;
  return out;
}

export function sliceCovariates(covariates: Record<string, (string | number)[]>, start: number, rows: number): Record<string, (string | number)[]> | undefined {
  const names = Object.keys(covariates);
  if (names.length === 0) return undefined;
  return Object.fromEntries(names.map((k) => [k, covariates[k].slice(start, start + rows)]));
}

export function rowSums(x: Matrix): Float32Array {
  const out = new Float32Array(x.rows);
  for (let r = 0; r < x.rows; r++) {
    let s = 0;
    for (let j = 0; j < x.cols; j++) s += x.data[r * x.cols + j];
    out[r] = s;
  }
  return out;
}

/** A [rows × cols] copy of a parameter the decoder may give per feature only ([1 × cols]). */
export function broadcastRows(m: Matrix, rows: number): Float32Array {
  if (m.rows === rows) return m.data;
  if (m.rows !== 1) throw new Error(`a decoder output has ${m.rows} rows for ${rows} cells`);
  const out = new Float32Array(rows * m.cols);
  for (let r = 0; r < rows; r++) out.set(m.data, r * m.cols);
  return out;
}
