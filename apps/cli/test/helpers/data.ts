import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateCounts, type SimulateCountsOptions, type SimulatedCounts } from '@vaekit/core';
import { CsrMatrix, writeH5ad } from '@vaekit/omics';

/** Writes simulated NB counts (obs cell_type and batch, known truth) to `path` as an .h5ad; returns the simulation. */
export async function writeSimulatedH5ad(path: string, options: SimulateCountsOptions): Promise<SimulatedCounts> {
  const sim = simulateCounts(options);
  await writeH5ad(path, {
    X: CsrMatrix.fromDense(sim.counts, sim.cells, sim.genes),
    obs: {
      names: Array.from({ length: sim.cells }, (_, i) => `cell${i}`),
      columns: { cell_type: Array.from(sim.cellType, (t) => sim.cellTypeNames[t]), batch: Array.from(sim.batch, (b) => sim.batchNames[b]) },
    },
    var: { names: sim.geneNames, columns: {} },
  });
  return sim;
}

/** A fresh temp folder and a function that removes it. */
export async function tempDir(prefix = 'vaekit-cli-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
