import { Option } from 'commander';
import { trainOmics } from '../omics/train-omics.js';
import type { TrainOmicsFlags } from '../omics/train-settings.js';
import { fraction, integer, integerList, positiveNumber } from '../options.js';
import type { CliCommand } from './command.js';
import { addDataOptions } from './data-options.js';

/** `vaekit train omics`: an scVI-style model of single-cell counts. */
export const trainOmicsCommand: CliCommand = {
  name: 'omics',
  register(parent, action) {
    const command = parent
      .command('omics')
      .description('train an scVI-style VAE on single-cell RNA-seq counts (QC, highly variable genes, NB/ZINB/Poisson likelihood, batch correction)')
      .option('--data <path>', 'counts: .h5ad, 10x .h5, 10x Matrix Market folder, or .csv/.tsv (gzip too)')
      .requiredOption('--out <dir>', 'run folder: model/ (the trained model), checkpoint/ (after every epoch), run.json');
    addDataOptions(command)
      .option('--n-top-genes <n>', 'highly variable genes to train on (0: all genes)', integer(0), 2000)
      .addOption(new Option('--hvg-flavor <flavor>', 'highly variable gene method (as scanpy)').choices(['seurat_v3', 'seurat_v3_paper', 'seurat']).default('seurat_v3'))
      .option('--min-genes <n>', 'QC: keep cells with at least this many genes detected', integer(0))
      .option('--min-cells <n>', 'QC: keep genes detected in at least this many cells', integer(0))
      .addOption(new Option('--likelihood <kind>', 'count distribution').choices(['nb', 'zinb', 'poisson']).default('nb'))
      .addOption(new Option('--dispersion <mode>', 'NB/ZINB dispersion θ per gene, per gene and batch, or per gene and cell').choices(['gene', 'gene-batch', 'gene-cell']).default('gene'))
      .option('--batch-key <column>', 'obs column with the batch (sample, protocol…) to correct for')
      .option('--latent <n>', 'latent dimensions', integer(1), 10)
      .addOption(new Option('--hidden <sizes>', 'hidden layer widths, comma-separated').argParser(integerList).default([128], '128'))
      .option('--dropout <p>', 'encoder dropout rate', fraction, 0.1)
      .option('--epochs <n>', 'epochs to train (in total, counting a resumed run)', integer(1), 100)
      .option('--batch-size <n>', 'cells per step', integer(1), 128)
      .option('--lr <rate>', 'Adam learning rate', positiveNumber, 1e-3)
      .option('--clip-norm <n>', 'clip the gradient to this global L2 norm (e.g. 10; off by default)', positiveNumber)
      .option('--kl-warmup <epochs>', 'linear KL warm-up in epochs, 0 for none (default: 20, or --epochs if fewer)', integer(0))
      .option('--seed <n>', 'random seed (initialisation, split, shuffling, sampling)', integer(0), 0)
      .option('--validation <fraction>', 'fraction of cells held out for the validation loss', fraction, 0.1)
      .addOption(
        new Option('--early-stopping [patience]', 'stop when the validation loss has not improved for this many epochs').argParser(integer(1)).preset('10').default(false, 'off'),
      )
      .option('--resume', 'continue the run in --out from its last checkpoint (flags given here may change --epochs, --lr, --clip-norm, --batch-size, --early-stopping, --data)')
      .option('--force', 'replace a run that --out already holds')
      .option('--json', 'print training events as JSON lines on stdout instead of progress bars')
      .addHelpText(
        'after',
        '\nExamples:\n  vaekit train omics --data pbmc.h5ad --out runs/pbmc --batch-key sample --epochs 50\n  vaekit train omics --out runs/pbmc --resume --epochs 80\n\nCtrl-C stops after the current step and saves the model (exit code 130); a second Ctrl-C quits at once.',
      )
      .action(
        action<TrainOmicsFlags>(async (flags, ctx, command) => trainOmics(flags, ctx, (key) => command.getOptionValueSource(key) === 'cli')),
      );
  },
};
