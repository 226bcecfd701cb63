import { Option, type Command } from 'commander';

/** The flags that say how to read a counts file, shared by the commands that read one. */
export function addDataOptions(command: Command): Command {
  return command
    .option('--format <kind>', 'reader to use instead of guessing from the path: h5ad, 10x-h5, 10x-mtx, csv')
    .option('--layer <name>', '.h5ad: read raw counts from this layer instead of X')
    .addOption(
      new Option('--orientation <layout>', 'CSV/TSV: rows are cells or genes (auto: Ensembl ids, else the longer axis holds the genes)').choices(['auto', 'cells-by-genes', 'genes-by-cells']),
    );
}
