import { exportOnnx, type ExportFlags } from '../export/export-onnx.js';
import { fraction, integer } from '../options.js';
import type { CliCommand } from './command.js';
import { addDataOptions } from './data-options.js';

/** `vaekit export`: a trained model for deployment (ONNX, Triton). */
export const exportCommand: CliCommand = {
  name: 'export',
  register(parent, action) {
    const command = parent
      .command('export')
      .description('export a trained model to ONNX (checked against TensorFlow.js), optionally as a Triton model repository')
      .requiredOption('--model <dir>', 'the --out folder of `vaekit train`, or a model folder')
      .option('--onnx', 'export to ONNX: encoder.onnx, decoder.onnx, manifest.json')
      .requiredOption('--out <dir>', 'export folder (new, empty, or an earlier export, which is replaced); `vaekit serve --models` takes its parent')
      .option('--name <name>', 'model name (default: the --out folder name)')
      .option('--triton', 'also write a Triton model repository (<out>/triton unless --triton-dir)')
      .option('--triton-dir <dir>', 'where to write the Triton model repository')
      .option('--max-batch-size <n>', 'Triton max_batch_size (default 1024)', integer(1))
      .option('--reference <path>', 'omics: normal cells the model did not train on, to calibrate the anomaly scores the demo shows');
    addDataOptions(command)
      .option('--false-positive-rate <rate>', 'with --reference: fraction of normal cells flagged as anomalous', fraction, 0.05)
      .option('--json', 'print the export manifest as JSON')
      .addHelpText('after', '\nExample:\n  vaekit export --model runs/pbmc --onnx --out models/pbmc --triton\n  vaekit serve --models models')
      .action(action<ExportFlags>(exportOnnx));
  },
};
