import { evaluateOmics, type EvaluateOmicsFlags } from '../omics/evaluate-omics.js';
import { fileWithExtension, integer } from '../options.js';
import type { CliCommand } from './command.js';
import { addDataOptions } from './data-options.js';

/** `vaekit evaluate`: scores a trained model on counts and writes its latent space. */
export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  register(parent, action) {
    const command = parent
      .command('evaluate')
      .description('score a trained model on (held-out) counts: log p(x) per cell, k-means ARI/NMI, ASW, iLISI; write the latent space')
      .requiredOption('--model <dir>', 'the --out folder of `vaekit train`, or a model folder')
      .requiredOption('--data <path>', 'counts: .h5ad, 10x .h5, 10x Matrix Market folder, or .csv/.tsv (gzip too)');
    addDataOptions(command)
      .option('--labels-key <column>', 'obs column with cell types: k-means ARI/NMI and cell-type ASW against it')
      .option('--batch-key <column>', 'obs column with batches: iLISI (and batch ASW with --labels-key)')
      .option('--out <file>', 'write the latent space: .h5ad (the data with obsm X_vaekit, obs vaekit_log_px and vaekit_kmeans) or .csv/.tsv[.gz]', fileWithExtension(['.h5ad', '.csv', '.tsv', '.csv.gz', '.tsv.gz']))
      .option('--mll-samples <k>', 'importance samples per cell for log p(x)', integer(1), 100)
      .option('--metrics-cells <n>', 'ASW and LISI are O(n²): compute them on at most this many cells (random, seeded)', integer(2), 10000)
      .option('--seed <n>', 'seed of sampling, k-means and subsets', integer(0), 0)
      .option('--json', 'print the results as one JSON object')
      .addHelpText('after', '\nExample:\n  vaekit evaluate --model runs/pbmc --data heldout.h5ad --labels-key cell_type --batch-key sample --out latent.h5ad')
      .action(action<EvaluateOmicsFlags>(evaluateOmics));
  },
};
