import { ConfigError, Rng, sampleNegativeBinomial } from '@vaekit/core';
import type { MultimodalInput } from '../data/input.js';

export interface SimulateMultimodalOptions {
  cells: number;
  /** Dimension of the shared latent z ~ N(0, I). Default 2. */
  latentDim?: number;
  /** RNA features. Default 60. */
  genes?: number;
  /** Protein features. Default 12. */
  proteins?: number;
  /** Fractions of cells that lack RNA and that lack protein (disjoint sets). Default 0 each. */
  missing?: { rna?: number; protein?: number };
  /** Median RNA library size. Default 1500. */
  medianLibrarySize?: number;
  seed?: number;
}

/** Simulated paired RNA + protein counts with their known shared latent. */
export interface SimulatedMultimodal {
  cells: string[];
  latentDim: number;
  genes: number;
  proteins: number;
  /** The true latent [cells, latentDim]. */
  z: Float32Array;
  /** RNA counts [cells, genes] (also for cells whose RNA is hidden in `input`). */
  rna: Float32Array;
  /** Protein counts [cells, proteins] (also for cells whose protein is hidden in `input`). */
  protein: Float32Array;
  /** The true mean of each protein count [cells, proteins]. */
  proteinMean: Float32Array;
  /** Rows whose RNA / protein are hidden in `input`. */
  missing: { rna: number[]; protein: number[] };
  /** The data as a model sees it: rows paired by position, the hidden rows listed as missing. */
  input: MultimodalInput;
}

/**
 * Two modalities driven by one latent z ~ N(0, I), with known ground truth:
 *  - RNA: NB(θ = 10) counts with mean ℓ · softmax(b + W z), ℓ log-normal around the median library;
 *  - protein (totalVI-like): with probability sigmoid(c + U z) a background count NB(e^{a − 1.5}, 20),
 *    else a foreground count NB(e^{a + V z}, 20).
 * A fraction of cells lacks each modality (the rows are still returned, listed in `missing`).
 */
export function simulateMultimodal(options: SimulateMultimodalOptions): SimulatedMultimodal {
  const { cells: n, latentDim: d = 2, genes: g = 60, proteins: p = 12, medianLibrarySize = 1500, seed = 0 } = options;
  const missRna = options.missing?.rna ?? 0;
  const missProtein = options.missing?.protein ?? 0;
  if (!Number.isInteger(n) || n < 2) throw new ConfigError(`simulateMultimodal: cells must be an integer ≥ 2, got ${n}`);
  if (!(missRna >= 0 && missProtein >= 0 && missRna + missProtein < 1)) throw new ConfigError('simulateMultimodal: missing fractions must be ≥ 0 and add up to less than 1');
  const rng = new Rng(seed);
  const normal = (sd = 1) => rng.normal() * sd;
  const wRna = Float64Array.from({ length: g * d }, () => normal(1 / Math.sqrt(d)));
  const bRna = Float64Array.from({ length: g }, () => normal(0.5));
  const a = Float64Array.from({ length: p }, () => 2 + 2 * rng.uniform());
  const v = Float64Array.from({ length: p * d }, () => normal(0.8 / Math.sqrt(d)));
  const u = Float64Array.from({ length: p * d }, () => normal(1.5 / Math.sqrt(d)));
  const c = Float64Array.from({ length: p }, () => normal(0.5) - 0.5);
  const z = new Float32Array(n * d);
  const rna = new Float32Array(n * g);
  const protein = new Float32Array(n * p);
  const proteinMean = new Float32Array(n * p);
  const logits = new Float64Array(g);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) z[i * d + k] = normal();
    const zi = z.subarray(i * d, (i + 1) * d);
    const dot = (w: Float64Array, row: number) => zi.reduce((s, zk, k) => s + w[row * d + k] * zk, 0);
    let max = -Infinity;
    for (let j = 0; j < g; j++) max = Math.max(max, (logits[j] = bRna[j] + 2 * dot(wRna, j)));
    let sum = 0;
    for (let j = 0; j < g; j++) sum += Math.exp(logits[j] - max);
    const library = medianLibrarySize * Math.exp(normal(0.3));
    for (let j = 0; j < g; j++) rna[i * g + j] = sampleNegativeBinomial(rng, (library * Math.exp(logits[j] - max)) / sum, 10);
    for (let j = 0; j < p; j++) {
      const background = Math.exp(a[j] - 1.5);
      const foreground = Math.exp(a[j] + dot(v, j));
      const piBackground = 1 / (1 + Math.exp(-(c[j] + dot(u, j))));
      proteinMean[i * p + j] = piBackground * background + (1 - piBackground) * foreground;
      protein[i * p + j] = sampleNegativeBinomial(rng, rng.uniform() < piBackground ? background : foreground, 20);
    }
  }
  const order = rng.permutation(n);
  const nRna = Math.round(n * missRna);
  const nProtein = Math.round(n * missProtein);
  const missing = { rna: Array.from(order.subarray(0, nRna)).sort((x, y) => x - y), protein: Array.from(order.subarray(nRna, nRna + nProtein)).sort((x, y) => x - y) };
  const cells = Array.from({ length: n }, (_, i) => `cell${i}`);
  return {
    cells,
    latentDim: d,
    genes: g,
    proteins: p,
    z,
    rna,
    protein,
    proteinMean,
    missing,
    input: { cells, modalities: { rna: { x: rna, missing: missing.rna }, protein: { x: protein, missing: missing.protein } } },
  };
}
