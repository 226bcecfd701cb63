import type { CliCommand } from './command.js';
import { trainOmicsCommand } from './train-omics.js';

/** The domains `vaekit train <domain>` knows; each adds itself as a subcommand. */
export const trainDomains: readonly CliCommand[] = [trainOmicsCommand];

/** `vaekit train <domain>`: trains a model of one domain on your data. */
export const trainCommand: CliCommand = {
  name: 'train',
  register(parent, action) {
    const train = parent.command('train').description('train a model on your data (choose a domain)');
    for (const domain of trainDomains) domain.register(train, action);
  },
};
