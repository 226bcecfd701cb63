import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { InputError } from '../errors.js';
import type { LikelihoodContext } from '../plugins/contracts.js';

/**
 * Count likelihoods with an observed library-size offset (scVI): mean = library × softmax(h), computed
 * in log space as log μ = log ℓ + log_softmax(h) so that μ → 0 stays finite.
 */
export function observeLibrary(x: Tensor): LikelihoodContext {
  return { logLibrarySize: tf.tidy(() => tf.log(tf.maximum(tf.sum(x, -1, true), 1))) };
}

/** log μ from a decoder head: with an offset, log ℓ + log_softmax(h); without, h itself. */
export function logMeanFromHead(head: Tensor, ctx: LikelihoodContext, offset: boolean, kind: string): Tensor {
  if (!offset) return head;
  const logLib = ctx.logLibrarySize;
  if (!logLib) {
    throw new InputError(`${kind} likelihood with a library-size offset needs the library size`, 'pass context.logLibrarySize ([n, 1], log of total counts) when generating or decoding without data');
  }
  return tf.tidy(() => tf.add(tf.logSoftmax(head), logLib.rank === head.rank ? logLib : tf.reshape(logLib, [...head.shape.slice(0, -1), 1])));
}
