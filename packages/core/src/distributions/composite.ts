import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';
import type { Distribution } from './distribution.js';

/** A part of a composite distribution: a distribution over `size` consecutive columns of x. */
export interface CompositePart {
  name: string;
  size: number;
  distribution: Distribution;
}

/**
 * Independent distributions over consecutive column groups of x (RNA counts + protein counts,
 * binary + continuous covariates). logProb is the sum of the parts' logProbs.
 */
export class CompositeDistribution implements Distribution {
  constructor(readonly parts: CompositePart[]) {}

  private split(x: Tensor): Tensor[] {
    return tf.split(x, this.parts.map((p) => p.size), -1);
  }

  logProb(x: Tensor): Tensor {
    return tf.tidy(() => tf.addN(this.split(x).map((xi, i) => this.parts[i].distribution.logProb(xi))));
  }

  elementLogProb(x: Tensor): Tensor {
    return tf.tidy(() => tf.concat(this.split(x).map((xi, i) => this.parts[i].distribution.elementLogProb(xi)), -1));
  }

  private concatParts(what: string, get: (d: Distribution) => Tensor): Tensor {
    return tf.tidy(() => {
      const outs = this.parts.map((p) => get(p.distribution));
      const rank = outs[0].rank;
      const odd = this.parts.find((_, i) => outs[i].rank !== rank);
      if (odd) throw new ConfigError(`composite ${what}: part "${odd.name}" has a differently shaped ${what} (e.g. categorical class probabilities); read it from parts[].distribution instead`);
      return tf.concat(outs, -1);
    });
  }

  sample(seed?: number): Tensor {
    return this.concatParts('sample', (d) => d.sample(seed));
  }
  mean(): Tensor {
    return this.concatParts('mean', (d) => d.mean());
  }
  variance(): Tensor {
    return this.concatParts('variance', (d) => d.variance());
  }
}
