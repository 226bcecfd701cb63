import { basename, dirname, resolve } from 'node:path';
import type { CommandContext } from '../commands/command.js';
import { UsageError } from '../errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { anomalyMetadata } from '../omics/anomaly-metadata.js';
import { loadOmicsModel } from '../omics/load-model.js';
import { readSavedManifest, rejectCheckpoint, type SavedModelManifest } from '../omics/model-manifest.js';
import type { ReadOptions } from '../omics/read-data.js';
import { resolveModelDir } from '../omics/run-layout.js';
import { displayPath } from '../paths.js';
import { VERSION } from '../version.js';
import { checkExportTarget } from './export-target.js';

export interface ExportFlags extends ReadOptions {
  model: string;
  onnx?: boolean;
  out: string;
  name?: string;
  triton?: boolean;
  tritonDir?: string;
  maxBatchSize?: number;
  reference?: string;
  falsePositiveRate: number;
  json?: boolean;
}

/**
 * `vaekit export --onnx`: the trained networks as ONNX (checked against TensorFlow.js by
 * @vaekit/onnx before anything is written) with manifest.json, optionally a Triton model
 * repository, and metadata the demo server uses (description, median library size, anomaly
 * calibration from --reference cells).
 */
export async function exportOnnx(flags: ExportFlags, ctx: CommandContext): Promise<ExitCode> {
  if (!flags.onnx) throw new UsageError('choose an export format: --onnx', 'ONNX is the format vaekit exports to (add --triton for a Triton model repository)');
  if ((flags.tritonDir !== undefined || flags.maxBatchSize !== undefined) && !flags.triton) throw new UsageError('--triton-dir and --max-batch-size need --triton');
  const dir = resolveModelDir(flags.model);
  const out = checkExportTarget(flags.out);
  const saved = await readSavedManifest(dir);
  rejectCheckpoint(dir, saved);
  const isOmics = saved?.omics?.kind === 'scvi';
  if (flags.reference !== undefined && !isOmics) throw new UsageError('--reference (anomaly calibration) needs a model trained with `vaekit train omics`');

  const core = await import('@vaekit/core');
  await core.useEngine(ctx.engine, { logger: (line) => writeLine(ctx.io.stderr, line) });
  const { exportModel } = await import('@vaekit/onnx');
  const metadata: Record<string, unknown> = { ...describe(saved), source: dir, exportedBy: `vaekit ${VERSION}` };
  let model: { dispose(): void };
  let network: unknown;
  if (isOmics) {
    const scvi = await loadOmicsModel(dir);
    scvi.warn = (m) => writeLine(ctx.io.stderr, `warning: ${m}`);
    model = scvi;
    network = scvi.vae;
    if (flags.reference !== undefined) metadata.anomaly = await anomalyMetadata(scvi, flags.reference, flags, flags.falsePositiveRate).catch((err: unknown) => {
      scvi.dispose();
      throw err;
    });
  } else {
    const generic = await core.loadModel(dir);
    model = generic;
    network = generic;
  }
  try {
    const triton = flags.triton ? (flags.tritonDir !== undefined || flags.maxBatchSize !== undefined ? { dir: flags.tritonDir, maxBatchSize: flags.maxBatchSize } : true) : false;
    const manifest = await exportModel(network, out, { name: flags.name ?? basename(out), metadata, triton });
    if (flags.json) {
      writeLine(ctx.io.stdout, JSON.stringify({ out, manifest }));
      return EXIT.ok;
    }
    const files = Object.keys(manifest.files).filter((f) => !f.includes('/'));
    const worst = Math.max(...Object.values(manifest.parity.maxError).flatMap((m) => Object.values(m)));
    writeLine(ctx.io.stdout, `exported "${manifest.name}" to ${displayPath(out)}: ${[...files, 'manifest.json'].join(', ')}`);
    writeLine(ctx.io.stdout, `ONNX matches TensorFlow.js on ${manifest.parity.samples} random inputs: largest relative difference ${worst.toExponential(1)} (tolerance ${manifest.parity.tolerance})`);
    if (manifest.triton) {
      writeLine(ctx.io.stdout, `Triton model repository: ${displayPath(resolve(out, manifest.triton.dir))} (models ${Object.values(manifest.triton.models).join(', ')}; max batch ${manifest.triton.maxBatchSize})`);
    }
    if (metadata.anomaly) writeLine(ctx.io.stdout, `anomaly calibration from ${(metadata.anomaly as { referenceCells: number }).referenceCells} reference cells`);
    writeLine(ctx.io.stdout, `serve it with: vaekit serve --models ${displayPath(dirname(out))}`);
    return EXIT.ok;
  } finally {
    model.dispose();
  }
}

/** What the demo shows about the model, from its model.json. */
function describe(saved: SavedModelManifest | undefined): Record<string, unknown> {
  const o = saved?.omics?.options;
  const data = saved?.cli?.data;
  const out: Record<string, unknown> = {};
  if (o) {
    const size = data?.cells !== undefined ? ` of ${data.cells} cells × ${data.genes} genes` : '';
    out.description = `scVI-style ${o.likelihood ?? 'nb'} model${size}, latent ${o.latentDim}${o.batchKey ? `, batch key "${o.batchKey}"` : ''}`;
  }
  if (data?.medianLibrarySize !== undefined) out.medianLibrarySize = data.medianLibrarySize;
  if (saved?.trainingSummary) {
    const t = saved.trainingSummary;
    out.training = { epochs: t.epochs, stoppedReason: t.stoppedReason, finalLoss: t.finalLoss, finalValidationLoss: t.finalValidationLoss, ...(data?.cells !== undefined ? { cells: data.cells } : {}) };
  }
  return out;
}
