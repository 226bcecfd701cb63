import { fileWithExtension, integer } from '../options.js';
import { simulateOmics, type SimulateOmicsFlags } from '../omics/simulate-omics.js';
import type { CliCommand } from './command.js';

/** The domains `vaekit simulate <domain>` knows. */
const simulateOmicsCommand: CliCommand = {
  name: 'omics',
  register(parent, action) {
    parent
      .command('omics')
      .description('simulated single-cell counts (negative binomial, known cell types and batches) as an .h5ad')
      .requiredOption('--out <file.h5ad>', 'where to write the .h5ad', fileWithExtension(['.h5ad']))
      .option('--cells <n>', 'cells', integer(2), 1000)
      .option('--genes <n>', 'genes', integer(1), 500)
      .option('--cell-types <n>', 'cell types (obs cell_type)', integer(1), 4)
      .option('--batches <n>', 'batches with a multiplicative gene effect (obs batch)', integer(1), 2)
      .option('--seed <n>', 'random seed', integer(0), 0)
      .action(action<SimulateOmicsFlags>(simulateOmics));
  },
};

export const simulateDomains: readonly CliCommand[] = [simulateOmicsCommand];

/** `vaekit simulate <domain>`: example data with a known answer. */
export const simulateCommand: CliCommand = {
  name: 'simulate',
  register(parent, action) {
    const simulate = parent.command('simulate').description('write simulated data with a known answer, to try vaekit on');
    for (const domain of simulateDomains) domain.register(simulate, action);
  },
};
