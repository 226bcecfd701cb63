import { writeLine } from '../io.js';
import type { CommandContext } from '../commands/command.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export interface SimulateOmicsFlags {
  out: string;
  cells: number;
  genes: number;
  cellTypes: number;
  batches: number;
  seed: number;
}

/**
 * `vaekit simulate omics`: negative-binomial counts with known cell types and batches (core's
 * simulateCounts) written as an .h5ad with obs `cell_type` and `batch` — data to try the other
 * commands on.
 */
export async function simulateOmics(flags: SimulateOmicsFlags, ctx: CommandContext): Promise<ExitCode> {
  const { simulateCounts } = await import('@vaekit/core');
  const { CsrMatrix, writeH5ad } = await import('@vaekit/omics');
  const sim = simulateCounts({ cells: flags.cells, genes: flags.genes, cellTypes: flags.cellTypes, batches: flags.batches, seed: flags.seed });
  await writeH5ad(flags.out, {
    X: CsrMatrix.fromDense(sim.counts, sim.cells, sim.genes),
    obs: {
      names: Array.from({ length: sim.cells }, (_, i) => `cell${i}`),
      columns: { cell_type: Array.from(sim.cellType, (t) => sim.cellTypeNames[t]), batch: Array.from(sim.batch, (b) => sim.batchNames[b]) },
    },
    var: { names: sim.geneNames, columns: {} },
  });
  writeLine(ctx.io.stdout, `wrote ${flags.out}: ${sim.cells} cells × ${sim.genes} genes, ${flags.cellTypes} cell types (obs cell_type), ${flags.batches} batches (obs batch)`);
  return EXIT.ok;
}
