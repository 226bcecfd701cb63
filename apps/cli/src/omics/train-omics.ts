import { rm } from 'node:fs/promises';
import type { TrainEvent, TrainSummary } from '@vaekit/core';
import type { ScviModel } from '@vaekit/omics';
import type { CommandContext } from '../commands/command.js';
import { CliError } from '../errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { listenForInterrupts } from '../interrupts.js';
import { writeLine } from '../io.js';
import { displayPath } from '../paths.js';
import { formatDuration, formatLoss } from '../progress/format.js';
import { createRenderer } from '../progress/renderer.js';
import { VERSION } from '../version.js';
import { runLayout, type RunLayout } from './run-layout.js';
import { StopAtSafePoint } from './stop-at-safe-point.js';
import { trainingData } from './training-data.js';
import { resolveSettings, writeRunFile, type TrainOmicsFlags } from './train-settings.js';

/**
 * `vaekit train omics`: read counts, QC + highly variable genes, build an scVI-style model, train
 * it with live progress and a checkpoint after every epoch, and save the model — also on Ctrl-C.
 */
export async function trainOmics(flags: TrainOmicsFlags, ctx: CommandContext, fromCommandLine: (key: string) => boolean): Promise<ExitCode> {
  const { io } = ctx;
  const layout = runLayout(flags.out);
  const settings = await resolveSettings(flags, fromCommandLine, layout);
  const renderer = createRenderer(io, { json: flags.json === true });
  const stop = new StopAtSafePoint();
  let training = false;
  const interrupts = listenForInterrupts(io, {
    first: () => {
      stop.request();
      renderer.note(
        training
          ? 'interrupted: stopping after this step and saving the model (press Ctrl-C again to quit without saving)'
          : 'interrupted: stopping before training starts (press Ctrl-C again to quit at once)',
      );
    },
    second: () => {
      renderer.stop();
      writeLine(io.stderr, 'interrupted again: quitting without saving the model');
    },
  });
  try {
    const core = await import('@vaekit/core');
    const omics = await import('@vaekit/omics');
    const data = await trainingData(settings, (line) => renderer.note(line));
    await core.useEngine(ctx.engine, { logger: (line) => renderer.note(line) });
    if (interrupts.signal.aborted) return interruptedBeforeTraining(ctx);

    if (!flags.resume) {
      await rm(layout.checkpoint, { recursive: true, force: true }); // a replaced run's (--force)
      await writeRunFile(layout, settings);
    }
    const model = omics.ScviModel.create(data.matrix, {
      likelihood: settings.likelihood,
      dispersion: settings.dispersion as 'gene',
      batchKey: settings.batchKey,
      latentDim: settings.latent,
      hidden: settings.hidden,
      dropout: settings.dropout,
      seed: settings.seed,
    });
    model.warn = (m) => renderer.note(`warning: ${m}`);
    try {
      if (flags.resume) await checkCheckpointGenes(layout.checkpoint, model.genes);
      const events = model.train(data.matrix, {
        epochs: settings.epochs,
        batchSize: settings.batchSize,
        learningRate: settings.lr,
        clipNorm: settings.clipNorm,
        seed: settings.seed,
        validationFraction: settings.validation,
        klSchedule: settings.klWarmup > 0 ? { kind: 'linear', warmupEpochs: settings.klWarmup } : { kind: 'constant', beta: 1 },
        earlyStopping: settings.earlyStopping === false ? undefined : { patience: settings.earlyStopping },
        checkpoint: { dir: layout.checkpoint },
        resumeFrom: flags.resume ? layout.checkpoint : undefined,
        signal: stop.signal,
      });
      const { summary, checkpointEpoch } = await follow(events, (e) => {
        if (e.type === 'start') training = true;
        stop.observe(e);
        renderer.event(e);
      }).catch((err: unknown) => {
        throw trainingFailure(err, layout);
      });
      renderer.stop();
      const { cells, genes } = data.record.output;
      const stats = { cells, genes, medianLibrarySize: data.medianLibrarySize };
      await saveModel(model, layout.model, { version: VERSION, command: 'train omics', settings, data: stats }, data.record, summary);
      return report(ctx, summary, checkpointEpoch, layout, flags.json === true);
    } finally {
      model.dispose();
    }
  } finally {
    renderer.stop();
    interrupts.dispose();
  }
}

/** Subscribes to the training events, draws them, and resolves with the 'done' summary and the epoch of the last checkpoint. */
function follow(events: ReturnType<ScviModel['train']>, onEvent: (e: TrainEvent) => void): Promise<{ summary: TrainSummary; checkpointEpoch: number | null }> {
  return new Promise((resolvePromise, reject) => {
    let summary: TrainSummary | undefined;
    let checkpointEpoch: number | null = null;
    events.subscribe({
      next: (e: TrainEvent) => {
        onEvent(e);
        if (e.type === 'start') checkpointEpoch = e.resumedFrom?.epoch ?? null;
        if (e.type === 'checkpoint') checkpointEpoch = e.epoch;
        if (e.type === 'done') summary = e.summary;
      },
      error: (err: unknown) => reject(err),
      complete: () => (summary ? resolvePromise({ summary, checkpointEpoch }) : reject(new CliError('training ended without a summary'))),
    });
  });
}

/** A resumed run must train on the genes its checkpoint was trained on. */
async function checkCheckpointGenes(checkpoint: string, genes: readonly string[]): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const { MODEL_FILE } = await import('@vaekit/core');
  const manifest = JSON.parse(await readFile(`${checkpoint}/${MODEL_FILE}`, 'utf8')) as { model?: { featureNames?: string[] } };
  const saved = manifest.model?.featureNames;
  if (saved && (saved.length !== genes.length || saved.some((g, i) => g !== genes[i]))) {
    throw new CliError(
      `the data no longer gives the genes the checkpoint was trained on (${saved.length} genes in the checkpoint, ${genes.length} selected now)`,
      'resume with the same data file, or start a new run (--force)',
    );
  }
}

/** Saves the model with what was done to the data, the training summary and the run's settings (`cli`) in model.json. */
async function saveModel(model: ScviModel, dir: string, cli: object, preprocessing: object, summary: TrainSummary): Promise<void> {
  await model.save(dir, { preprocessing: preprocessing as never, trainingSummary: summary as never, cli: cli as never });
}

function report(ctx: CommandContext, summary: TrainSummary, checkpointEpoch: number | null, layout: RunLayout, json: boolean): ExitCode {
  const cancelled = summary.stoppedReason === 'cancelled';
  if (json) {
    writeLine(ctx.io.stdout, JSON.stringify({ type: 'saved', model: layout.model, checkpoint: summary.checkpoint, checkpointEpoch, summary }));
    return cancelled ? EXIT.interrupted : EXIT.ok;
  }
  const out = cancelled ? ctx.io.stderr : ctx.io.stdout;
  const how = { completed: 'trained', 'early-stopping': 'stopped early after', cancelled: 'interrupted after' }[summary.stoppedReason];
  const val = summary.finalValidationLoss === null ? '' : `, validation loss ${formatLoss(summary.finalValidationLoss)} (best ${formatLoss(summary.bestValidationLoss)} at epoch ${summary.bestEpoch})`;
  writeLine(out, `${how} ${summary.epochs} epochs (${summary.steps} steps) in ${formatDuration(summary.elapsedMs)}: loss ${formatLoss(summary.finalLoss)}${val}`);
  writeLine(out, `model saved to ${displayPath(layout.model)}${summary.restoredBest ? ' (best validation weights)' : ''}`);
  if (cancelled) {
    writeLine(
      out,
      summary.checkpoint && checkpointEpoch !== null
        ? `last checkpoint: ${displayPath(summary.checkpoint)} (epoch ${checkpointEpoch}); continue with: vaekit train omics --out ${displayPath(layout.out)} --resume`
        : 'no checkpoint yet: the first one is written when the first epoch ends',
    );
    return EXIT.interrupted;
  }
  return EXIT.ok;
}

/** A non-finite loss or gradient, said in terms of the command's flags: what to change, and where the last good state is. */
function trainingFailure(err: unknown, layout: RunLayout): unknown {
  const e = err as Error & { code?: string; hint?: string; details?: { checkpoint?: string } };
  if (e.code !== 'training') return err;
  const message = e.hint && e.message.endsWith(` — ${e.hint}`) ? e.message.slice(0, -(e.hint.length + 3)) : e.message;
  const resume = e.details?.checkpoint
    ? `; the last good state is in ${displayPath(e.details.checkpoint)}: continue from it with \`vaekit train omics --out ${displayPath(layout.out)} --resume --lr <lower>\``
    : '';
  return new CliError(message, `lower --lr, or add --clip-norm (e.g. 10); check that the data are raw counts without extreme values${resume}`);
}

function interruptedBeforeTraining(ctx: CommandContext): ExitCode {
  writeLine(ctx.io.stderr, 'interrupted before training started: nothing was saved');
  return EXIT.interrupted;
}
