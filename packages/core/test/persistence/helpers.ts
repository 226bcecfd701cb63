import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Variable } from '@tensorflow/tfjs-core';
import type { JsonObject } from '../../src/plugins/contracts.js';
import type { LossOutput, Trainable } from '../../src/train/trainable.js';

/** A fresh temp directory for one test; remove it with `cleanup`. */
export async function makeTempRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'vaekit-persistence-'));
}

export async function cleanup(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}

/** Names in a directory, sorted (to check that no temp or aside directories were left). */
export async function entries(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** Deterministic float32 values (a small LCG), so tests do not depend on tfjs's random ops. */
export function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 8;
  }
  return out;
}

/** Reads and rewrites model.json through a function (to damage it on purpose). */
export async function editModelJson(dir: string, edit: (json: JsonObject) => JsonObject): Promise<void> {
  const file = join(dir, 'model.json');
  const json = JSON.parse(await readFile(file, 'utf8')) as JsonObject;
  await writeFile(file, JSON.stringify(edit(json)));
}

/**
 * A hand-made two-variable model: kernel [3, hidden] and bias [hidden], filled from a seed. Stands
 * in for the real VAE, which persistence must not depend on.
 */
export class TinyModel implements Trainable {
  static readonly kind = 'test-tiny';
  private readonly vars: Record<string, Variable>;
  constructor(
    readonly hidden: number,
    readonly seed: number,
  ) {
    this.vars = {
      'tiny/dense/kernel': variableOf(values(3 * hidden, seed), [3, hidden]),
      'tiny/dense/bias': variableOf(values(hidden, seed + 1), [hidden]),
    };
  }
  variables(): Record<string, Variable> {
    return { ...this.vars };
  }
  dispose(): void {
    tf.dispose(Object.values(this.vars));
  }
  loss(): LossOutput {
    const loss = tf.tidy(() => tf.sum(tf.square(this.vars['tiny/dense/kernel']))) as Scalar;
    return { loss, terms: {} };
  }
  toConfig(): JsonObject {
    return { kind: TinyModel.kind, hidden: this.hidden, seed: this.seed };
  }
}

/** A variable holding `data` (the initial tensor is disposed, so only the variable remains). */
export function variableOf(data: Float32Array | Int32Array, shape: number[]): Variable {
  const init = tf.tensor(data, shape);
  const v = tf.variable(init);
  init.dispose();
  return v;
}

/** The values of every variable, as plain arrays keyed by name. */
export async function snapshot(vars: Record<string, Variable>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [name, v] of Object.entries(vars)) out[name] = Array.from(await v.data());
  return out;
}
