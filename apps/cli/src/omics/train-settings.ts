import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError, UsageError } from '../errors.js';
import { displayPath } from '../paths.js';
import type { RunLayout } from './run-layout.js';

/** Everything that defines a `vaekit train omics` run, as saved in run.json. */
export interface TrainOmicsSettings {
  /** Absolute path of the counts. */
  data: string;
  format?: string;
  layer?: string;
  orientation?: 'cells-by-genes' | 'genes-by-cells' | 'auto';
  /** Highly variable genes to keep (0: all genes). */
  nTopGenes: number;
  hvgFlavor: string;
  minGenes?: number;
  minCells?: number;
  likelihood: string;
  dispersion: string;
  batchKey?: string;
  latent: number;
  hidden: number[];
  dropout: number;
  epochs: number;
  batchSize: number;
  lr: number;
  /** Clip the gradient to this global L2 norm; none when undefined. */
  clipNorm?: number;
  seed: number;
  /** Fraction of cells held out for validation. */
  validation: number;
  /** Patience in epochs, or false for no early stopping. */
  earlyStopping: number | false;
  /** KL warm-up in epochs (0: β = 1 from the start). */
  klWarmup: number;
}

/** The command-line flags (commander's option values). */
export type TrainOmicsFlags = Partial<TrainOmicsSettings> & { out: string; resume?: boolean; force?: boolean; json?: boolean };

/** What run.json holds. */
interface RunFile {
  kind: 'vaekit-cli-run';
  version: 1;
  command: 'train omics';
  settings: TrainOmicsSettings;
}

/** Settings that shape the data or the network: a resumed run must keep them. */
const FIXED_ON_RESUME: readonly (keyof TrainOmicsSettings)[] = [
  'format',
  'layer',
  'orientation',
  'nTopGenes',
  'hvgFlavor',
  'minGenes',
  'minCells',
  'likelihood',
  'dispersion',
  'batchKey',
  'latent',
  'hidden',
  'dropout',
  'seed',
  'validation',
  'klWarmup',
];

/** `nTopGenes` → `--n-top-genes`. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Default KL warm-up: 20 epochs (omics' default), or the whole run when it is shorter. */
const DEFAULT_KL_WARMUP = 20;

/**
 * The run's settings. A new run takes the flags (and refuses an --out that holds a run, unless
 * --force). `--resume` starts from run.json in --out: flags given on the command line may change
 * the data path and the training length/speed (--epochs, --lr, --early-stopping, --batch-size),
 * but not what shapes the data or the network.
 */
export async function resolveSettings(flags: TrainOmicsFlags, givenOnCommandLine: (key: string) => boolean, layout: RunLayout): Promise<TrainOmicsSettings> {
  if (flags.resume && flags.force) throw new UsageError('--resume and --force contradict each other', '--resume continues the run in --out; --force starts over');
  let settings: TrainOmicsSettings;
  if (flags.resume) {
    const saved = await readRunFile(layout);
    const merged: Record<string, unknown> = { ...saved };
    for (const [key, value] of Object.entries(flags)) {
      if (['out', 'resume', 'force', 'json'].includes(key) || !givenOnCommandLine(key)) continue;
      const before = (saved as unknown as Record<string, unknown>)[key];
      if ((FIXED_ON_RESUME as readonly string[]).includes(key) && JSON.stringify(before) !== JSON.stringify(value)) {
        throw new UsageError(
          `${flagName(key)} cannot change when resuming: the run in ${displayPath(layout.out)} has ${before === undefined ? 'none' : JSON.stringify(before)}`,
          `drop ${flagName(key)}, or start a new run in another --out (or --force to replace this one)`,
        );
      }
      merged[key] = key === 'data' ? resolve(String(value)) : value;
    }
    settings = merged as unknown as TrainOmicsSettings;
    if (!existsSync(layout.checkpoint)) {
      throw new CliError(`nothing to resume in ${displayPath(layout.out)}: no checkpoint yet (one is written after each epoch)`, 'run again without --resume');
    }
  } else {
    if (existsSync(layout.runFile) && !flags.force) {
      throw new UsageError(`${displayPath(layout.out)} already holds a training run`, 'add --resume to continue it, --force to replace it, or choose another --out');
    }
    if (flags.data === undefined) throw new UsageError("required option '--data <path>' not specified");
    const epochs = flags.epochs as number;
    settings = {
      ...(flags as TrainOmicsSettings),
      data: resolve(flags.data),
      klWarmup: flags.klWarmup ?? Math.min(DEFAULT_KL_WARMUP, epochs),
    };
    for (const key of ['out', 'resume', 'force', 'json'] as const) delete (settings as unknown as Record<string, unknown>)[key];
  }
  if (settings.dispersion === 'gene-batch' && settings.batchKey === undefined) {
    throw new UsageError('--dispersion gene-batch needs --batch-key', 'name the obs column that holds the batch, or use --dispersion gene');
  }
  if (settings.earlyStopping !== false && settings.validation === 0) {
    throw new UsageError('--early-stopping needs validation cells', 'set --validation to a fraction > 0 (e.g. 0.1)');
  }
  return settings;
}

async function readRunFile(layout: RunLayout): Promise<TrainOmicsSettings> {
  let text: string;
  try {
    text = await readFile(layout.runFile, 'utf8');
  } catch {
    throw new CliError(`nothing to resume in ${displayPath(layout.out)}: it has no run.json`, 'pass the --out folder of an earlier `vaekit train omics`, or drop --resume');
  }
  let parsed: Partial<RunFile>;
  try {
    parsed = JSON.parse(text) as Partial<RunFile>;
  } catch (err) {
    throw new CliError(`${layout.runFile} is not valid JSON (${(err as Error).message})`, 'start a new run (--force) — the file was not written by vaekit or is damaged');
  }
  if (parsed.kind !== 'vaekit-cli-run' || parsed.version !== 1 || parsed.command !== 'train omics' || typeof parsed.settings !== 'object') {
    throw new CliError(`${layout.runFile} is not a \`vaekit train omics\` run file`, 'start a new run (--force) or choose another --out');
  }
  return parsed.settings as TrainOmicsSettings;
}

/** Writes run.json (atomically). */
export async function writeRunFile(layout: RunLayout, settings: TrainOmicsSettings): Promise<void> {
  const { writeFileAtomically } = await import('@vaekit/omics');
  const file: RunFile = { kind: 'vaekit-cli-run', version: 1, command: 'train omics', settings };
  const { writeFile } = await import('node:fs/promises');
  await writeFileAtomically(layout.runFile, (tmp) => writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`));
}
