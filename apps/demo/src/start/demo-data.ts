import { Rng, simulateCounts } from '@vaekit/core';
import { CsrMatrix, type CountMatrix } from '@vaekit/omics';

/** What the simulated demo data are made of. */
export interface DemoDataOptions {
  cells: number;
  genes: number;
  cellTypes: number;
  batches: number;
  /** Cells of the example file whose counts are shuffled across genes: anomalies with a known answer. */
  anomalies: number;
  seed: number;
}

/** Simulated counts split into training, held-out reference (for the anomaly calibration) and example cells. */
export interface DemoData {
  train: CountMatrix;
  reference: CountMatrix;
  /** Example cells (the last `anomalies` of them shuffled), with obs cell_type and batch. */
  example: CountMatrix;
  genes: string[];
  medianLibrarySize: number;
}

/**
 * Negative-binomial counts with cell types and batches (core's simulateCounts, seeded), split at
 * random (seeded): 8 in 10 cells for training, 1 in 10 as reference cells for the anomaly
 * calibration, 1 in 10 for the example file — every split holds every cell type and batch. The
 * example's last `anomalies` cells have their counts permuted across genes (library size kept,
 * profile destroyed) and are labelled "shuffled (anomaly)".
 */
export function simulateDemoData(o: DemoDataOptions): DemoData {
  const sim = simulateCounts({ cells: o.cells, genes: o.genes, cellTypes: o.cellTypes, batches: o.batches, seed: o.seed });
  const genes = sim.geneNames;
  const part = new Rng(o.seed + 101);
  const split = Int8Array.from({ length: sim.cells }, () => Math.floor(part.uniform() * 10));
  const pick = (keep: (i: number) => boolean) => Array.from({ length: sim.cells }, (_, i) => i).filter((i) => keep(split[i]));
  const subset = (rows: number[], prefix: string, shuffleLast = 0): CountMatrix => {
    const g = sim.genes;
    const dense = new Float32Array(rows.length * g);
    rows.forEach((c, r) => dense.set(sim.counts.subarray(c * g, (c + 1) * g), r * g));
    const rng = new Rng(o.seed + 202);
    const shuffled = new Set<number>();
    for (let r = rows.length - shuffleLast; r < rows.length; r++) {
      if (r < 0) continue;
      shuffled.add(r);
      const row = dense.subarray(r * g, (r + 1) * g);
      for (let j = g - 1; j > 0; j--) {
        const k = Math.floor(rng.uniform() * (j + 1));
        [row[j], row[k]] = [row[k], row[j]];
      }
    }
    return {
      X: CsrMatrix.fromDense(dense, rows.length, g),
      obs: {
        names: rows.map((c) => `${prefix}${c}`),
        columns: {
          cell_type: rows.map((c, r) => (shuffled.has(r) ? 'shuffled (anomaly)' : sim.cellTypeNames[sim.cellType[c]])),
          batch: rows.map((c) => sim.batchNames[sim.batch[c]]),
        },
      },
      var: { names: [...genes], columns: {} },
    };
  };
  const libraries = Array.from({ length: sim.cells }, (_, c) => sim.counts.subarray(c * sim.genes, (c + 1) * sim.genes).reduce((a, b) => a + b, 0)).sort((a, b) => a - b);
  return {
    train: subset(pick((p) => p < 8), 'cell'),
    reference: subset(pick((p) => p === 8), 'ref'),
    example: subset(pick((p) => p === 9), 'example', o.anomalies),
    genes,
    medianLibrarySize: libraries[Math.floor(libraries.length / 2)],
  };
}
