import { ConfigError } from '../errors.js';
import { Rng } from '../math/rng.js';
import { sampleNegativeBinomial } from '../math/samplers.js';

export interface SimulateCountsOptions {
  cells: number;
  genes: number;
  /** Number of cell types; each has its own expression profile. Default 5. */
  cellTypes?: number;
  /** Number of batches; each shifts gene expression multiplicatively. Default 1. */
  batches?: number;
  /** SD of the log-normal per-gene batch effect. Default 0.5. */
  batchEffect?: number;
  /** Median total counts per cell (library size, log-normal around it). Default 3000. */
  medianLibrarySize?: number;
  /** SD of log library size. Default 0.4. */
  librarySizeSd?: number;
  /** SD of the log-normal cell-type effect on each gene's expression. Default 1. */
  typeEffect?: number;
  /** Inverse dispersion θ of every gene's NB (smaller = noisier). Per gene, log-uniform in this range. Default [2, 20]. */
  theta?: [number, number];
  seed?: number;
}

/** Simulated single-cell counts with their ground truth. */
export interface SimulatedCounts {
  cells: number;
  genes: number;
  /** Counts [cells, genes], row-major. */
  counts: Float32Array;
  /** True cell type of each cell (0-based). */
  cellType: Int32Array;
  /** Batch of each cell (0-based). */
  batch: Int32Array;
  /** True NB mean of every entry [cells, genes]. */
  mean: Float32Array;
  /** True θ per gene. */
  theta: Float32Array;
  geneNames: string[];
  cellTypeNames: string[];
  batchNames: string[];
}

/**
 * Negative-binomial counts with cell types, batch effects and library sizes, generated the way
 * scRNA-seq counts arise: a per-type expression profile (a Dirichlet-like draw shifted by type
 * effects), a per-batch multiplicative gene effect, a log-normal library size, and NB(μ, θ) noise
 * drawn as a Gamma–Poisson mixture. Everything is seeded; the truth is returned.
 */
export function simulateCounts(options: SimulateCountsOptions): SimulatedCounts {
  const { cells, genes } = options;
  const types = options.cellTypes ?? 5;
  const batches = options.batches ?? 1;
  for (const [name, v] of Object.entries({ cells, genes, cellTypes: types, batches })) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`simulateCounts: ${name} must be a positive integer, got ${v}`);
  }
  const rng = new Rng(options.seed ?? 0);
  const [thetaLo, thetaHi] = options.theta ?? [2, 20];
  const median = options.medianLibrarySize ?? 3000;
  const libSd = options.librarySizeSd ?? 0.4;
  const typeSd = options.typeEffect ?? 1;
  const batchSd = options.batchEffect ?? 0.5;

  // baseline log-expression: a heavy-tailed spread over genes, like real data
  const base = Float64Array.from({ length: genes }, () => rng.normal() * 1.2);
  const typeProfile = Array.from({ length: types }, () => {
    const logits = base.map((b) => b + (rng.uniform() < 0.15 ? rng.normal() * typeSd * 2 : rng.normal() * typeSd * 0.25));
    return softmax(logits);
  });
  const batchShift = Array.from({ length: batches }, (_, b) => Float64Array.from({ length: genes }, () => (b === 0 ? 0 : rng.normal() * batchSd)));
  const theta = Float32Array.from({ length: genes }, () => Math.exp(Math.log(thetaLo) + rng.uniform() * (Math.log(thetaHi) - Math.log(thetaLo))));

  const counts = new Float32Array(cells * genes);
  const mean = new Float32Array(cells * genes);
  const cellType = new Int32Array(cells);
  const batch = new Int32Array(cells);
  for (let c = 0; c < cells; c++) {
    const t = c % types;
    const b = Math.floor((c * batches) / cells);
    cellType[c] = t;
    batch[c] = b;
    const lib = median * Math.exp(rng.normal() * libSd);
    const profile = softmax(Float64Array.from(typeProfile[t], (p, g) => Math.log(p) + batchShift[b][g]));
    for (let g = 0; g < genes; g++) {
      const mu = lib * profile[g];
      mean[c * genes + g] = mu;
      counts[c * genes + g] = sampleNegativeBinomial(rng, mu, theta[g]);
    }
  }
  return {
    cells,
    genes,
    counts,
    cellType,
    batch,
    mean,
    theta,
    geneNames: Array.from({ length: genes }, (_, g) => `gene${g + 1}`),
    cellTypeNames: Array.from({ length: types }, (_, t) => `type${t + 1}`),
    batchNames: Array.from({ length: batches }, (_, b) => `batch${b + 1}`),
  };
}

function softmax(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const out = logits.map((v) => Math.exp(v - max));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}
