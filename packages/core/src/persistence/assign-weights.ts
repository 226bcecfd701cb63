import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { ModelFormatError } from '../errors.js';

const MAX_LISTED = 10;

/**
 * Copies saved weights into a model's variables. Every variable must have a saved weight of the
 * same shape and dtype, and every saved weight must belong to a variable; otherwise nothing is
 * assigned and a ModelFormatError lists the missing and unexpected names and the mismatches
 * (`name: saved [a,b] vs model [c,d]`), with `where` (the model directory) in the message.
 * Takes ownership of `weights`: they are disposed in every case.
 */
export function assignWeights(variables: Record<string, Variable>, weights: Record<string, Tensor>, where: string): void {
  try {
    const missing = Object.keys(variables).filter((n) => !(n in weights));
    const unexpected = Object.keys(weights).filter((n) => !(n in variables));
    const mismatched: string[] = [];
    for (const [name, variable] of Object.entries(variables)) {
      const saved = weights[name];
      if (!saved) continue;
      if (!sameShape(saved.shape, variable.shape)) {
        mismatched.push(`${name}: saved [${saved.shape.join(',')}] vs model [${variable.shape.join(',')}]`);
      } else if (saved.dtype !== variable.dtype) {
        mismatched.push(`${name}: saved ${saved.dtype} vs model ${variable.dtype}`);
      }
    }
    const problems = [
      missing.length ? `missing (in the model, not saved): ${list(missing)}` : '',
      unexpected.length ? `unexpected (saved, not in the model): ${list(unexpected)}` : '',
      mismatched.length ? `mismatched: ${list(mismatched)}` : '',
    ].filter(Boolean);
    if (problems.length > 0) {
      throw new ModelFormatError(
        `The weights in ${where} do not fit the model — ${problems.join('; ')}`,
        'the model was built with a different config than the one these weights were saved from; build it from the saved model.json config, or retrain',
      );
    }
    for (const [name, variable] of Object.entries(variables)) variable.assign(weights[name]);
  } finally {
    tf.dispose(Object.values(weights));
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function list(items: string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown} … and ${items.length - MAX_LISTED} more` : shown;
}
