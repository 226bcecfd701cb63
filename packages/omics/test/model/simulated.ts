import { simulateCounts, type SimulateCountsOptions } from '@vaekit/core';
import { CsrMatrix } from '../../src/matrix/csr-matrix.js';
import type { CountMatrix } from '../../src/matrix/count-matrix.js';

/** Simulated NB counts (known cell types, batches, means) as a CountMatrix with obs `cell_type` and `batch`. */
export function simulatedAdata(options: SimulateCountsOptions) {
  const sim = simulateCounts(options);
  const adata: CountMatrix = {
    X: CsrMatrix.fromDense(sim.counts, sim.cells, sim.genes),
    obs: {
      names: Array.from({ length: sim.cells }, (_, i) => `cell${i}`),
      columns: { cell_type: Array.from(sim.cellType, (t) => sim.cellTypeNames[t]), batch: Array.from(sim.batch, (b) => sim.batchNames[b]) },
    },
    var: { names: sim.geneNames, columns: {} },
  };
  return { sim, adata };
}
