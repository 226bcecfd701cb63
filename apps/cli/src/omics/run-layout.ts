import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from '../errors.js';

/** What `vaekit train` writes in its --out folder. */
export interface RunLayout {
  out: string;
  /** The trained model (model.json + weights.bin), written atomically at the end or on Ctrl-C. */
  model: string;
  /** The latest training checkpoint (weights, optimizer, epoch), rewritten atomically after every epoch. */
  checkpoint: string;
  /** The run's settings (data, preprocessing, model, training), so that --resume repeats them. */
  runFile: string;
}

export function runLayout(out: string): RunLayout {
  const dir = resolve(out);
  return { out: dir, model: join(dir, 'model'), checkpoint: join(dir, 'checkpoint'), runFile: join(dir, 'run.json') };
}

/** A saved model folder: `path` itself when it holds model.json, else `path/model` (the --out folder of `vaekit train`). */
export function resolveModelDir(path: string): string {
  const dir = resolve(path);
  if (existsSync(join(dir, 'model.json'))) return dir;
  const inner = runLayout(dir).model;
  if (existsSync(join(inner, 'model.json'))) return inner;
  if (!existsSync(dir)) throw new CliError(`--model ${path} does not exist`, 'pass the --out folder of `vaekit train`, or a model folder (with model.json)');
  throw new CliError(`--model ${path} holds no model: no model.json in it or in its model/ folder`, 'pass the --out folder of `vaekit train`, or a model folder (with model.json)');
}
