// A Markov prior p(z_1) p(z_t | z_{t-1}) written against the Prior contract, as @vaekit/sequential will.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { DiagGaussian, ParamStore, type JsonObject, type Prior, type PriorPlugin } from '../../src/index.js';

/** z_1 ~ N(0, I), z_t | z_{t-1} ~ N(a ⊙ z_{t-1}, diag(exp(2·logQ))): a linear diagonal transition. */
export class MarkovPrior implements Prior {
  readonly kind = 'test-markov';
  readonly analyticKL = false;
  readonly a: Variable;
  readonly logQ: Variable;
  private readonly store: ParamStore;
  constructor(readonly latentDim: number, readonly config: { steps: number } & JsonObject, seed = 0) {
    this.store = new ParamStore('prior', seed);
    this.a = this.store.create('a', [latentDim], 'zeros');
    this.logQ = this.store.create('logQ', [latentDim], 'zeros');
  }

  /** The conditional p(z_t | z_{t-1}) for every step, as a per-step DiagGaussian [B, T, D]. */
  private transitions(z: Tensor): DiagGaussian {
    const [loc, scale] = tf.tidy(() => {
      const [b, t, d] = z.shape as [number, number, number];
      const prev = tf.slice(z, [0, 0, 0], [b, t - 1, d]);
      const loc = tf.concat([tf.zeros([b, 1, d]), tf.mul(prev, this.a)], 1);
      const first = tf.ones([b, 1, d]);
      const rest = tf.broadcastTo(tf.exp(this.logQ), [b, t - 1, d]);
      return [loc, tf.concat([first, rest], 1)];
    });
    return new DiagGaussian(loc, scale);
  }

  klPerDim(q: DiagGaussian, z: Tensor): Tensor {
    return tf.tidy(() => tf.sub(q.elementLogProb(z), this.transitions(z).elementLogProb(z)));
  }
  logProb(z: Tensor): Tensor {
    return tf.tidy(() => tf.sum(this.transitions(z).elementLogProb(z), -1));
  }
  sample(n: number, _c?: Tensor, seed = 0): Tensor {
    return tf.tidy(() => {
      const eps = tf.unstack(tf.randomNormal([this.config.steps, n, this.latentDim], 0, 1, 'float32', seed));
      const steps: Tensor[] = [eps[0]];
      for (let t = 1; t < eps.length; t++) steps.push(tf.add(tf.mul(steps[t - 1], this.a), tf.mul(eps[t], tf.exp(this.logQ))));
      return tf.stack(steps, 1);
    });
  }
  variables(): Record<string, Variable> {
    return this.store.variables();
  }
  dispose(): void {
    this.store.dispose();
  }
}

export const markovPrior: PriorPlugin = {
  kind: 'test-markov',
  parseConfig: (raw) => ({ steps: Number(raw.steps ?? 10) }),
  create: (config, dims, seed) => new MarkovPrior(dims.latentDim, config as { steps: number } & JsonObject, seed),
};
