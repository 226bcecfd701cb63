import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { ConfigError, deriveSeed, DiagGaussian, ParamStore, type JsonObject, type Prior, type PriorDims, type PriorPlugin } from '@vaekit/core';
import { transitions, type Transition } from './transition.js';

export interface MarkovPriorConfig {
  /** The transition plugin f: `{ kind: 'linear' | 'mlp', config }`; default mlp. */
  transition: { kind: string; config: JsonObject };
  /** p(z_1): N(0, I) ('standard') or N(μ0, diag(σ0²)) with μ0, σ0 learned ('learned'); default learned. */
  initial: 'standard' | 'learned';
  /** Initial process-noise standard deviation √q; default 0.1. */
  noise: number;
  /** Learn q (default true) or keep it fixed at `noise`. */
  learnNoise: boolean;
  /** Length of the trajectories `sample(n)` draws; default 100. */
  steps: number;
}

/** log σ is kept within [LOG_MIN, LOG_MAX] for float32 stability. */
const LOG_MIN = -7;
const LOG_MAX = 3;

/**
 * The Markov prior of a state-space VAE: p(z_1) = N(μ0, diag(σ0²)), p(z_t | z_{t−1}) = N(f(z_{t−1}), diag(q))
 * with f a registered transition plugin and q learned. Works on trajectories z [B, T, D].
 *
 * KL per step against a per-step posterior q(z_t) = N(m_t, diag(s_t²)): for t ≥ 2 it is
 * E_{z_{t−1}~q}[KL(q(z_t) ‖ p(z_t | z_{t−1}))]. For a linear f(z) = z·A + b that expectation has a closed
 * form — KL(q_t ‖ N(m_{t−1}·A + b, q)) + ½ Σ_k A_kd² s²_{t−1,k} / q_d — and `analyticKL` is true; for a
 * non-linear f it is estimated at the posterior sample z_{t−1} (the conditional KL is still analytic,
 * which keeps the estimator's variance low). The sum over t is the exact KL of the whole trajectory.
 */
export class MarkovGaussianPrior implements Prior {
  readonly kind = 'markov-gaussian';
  readonly transition: Transition;
  readonly logNoise: Variable;
  readonly initLoc: Variable | undefined;
  readonly initLogScale: Variable | undefined;
  private readonly store: ParamStore;

  constructor(
    readonly config: MarkovPriorConfig & JsonObject,
    readonly dims: PriorDims,
    seed = 0,
  ) {
    const d = dims.latentDim;
    this.store = new ParamStore('prior', seed);
    this.logNoise = this.store.create('logNoise', [d], { constant: Math.log(config.noise) }, config.learnNoise);
    if (config.initial === 'learned') {
      this.initLoc = this.store.create('initLoc', [d], 'zeros');
      this.initLogScale = this.store.create('initLogScale', [d], 'zeros');
    }
    const plugin = transitions.get(config.transition.kind);
    this.transition = plugin.create(plugin.parseConfig(config.transition.config), { latentDim: d, store: this.store }, deriveSeed(seed, 'transition'));
  }

  get latentDim(): number {
    return this.dims.latentDim;
  }

  get analyticKL(): boolean {
    return this.transition.linear !== undefined;
  }

  /** √q [D]. */
  noiseScale(): Tensor {
    return tf.tidy(() => tf.exp(tf.clipByValue(this.logNoise, LOG_MIN, LOG_MAX)));
  }

  /** p(z_1) as loc and scale [D]. */
  initial(): { loc: Tensor; scale: Tensor } {
    return tf.tidy(() => {
      const d = this.latentDim;
      if (!this.initLoc || !this.initLogScale) return { loc: tf.zeros([d]), scale: tf.ones([d]) };
      return { loc: this.initLoc.clone(), scale: tf.exp(tf.clipByValue(this.initLogScale, LOG_MIN, LOG_MAX)) };
    });
  }

  /** The per-step conditionals p(z_t | z_{t−1}) of a trajectory z [B, T, D], as a DiagGaussian [B, T, D]. */
  conditionals(z: Tensor): DiagGaussian {
    const [loc, scale] = tf.tidy(() => {
      const [b, t, d] = z.shape as [number, number, number];
      const init = this.initial();
      // broadcast by arithmetic, not tf.broadcastTo: its gradient (Tile's) is a slice and an add per repetition on wasm
      const locs: Tensor[] = [tf.add(tf.zeros([b, 1, d]), init.loc)];
      const scales: Tensor[] = [tf.mul(tf.ones([b, 1, d]), init.scale)];
      if (t > 1) {
        locs.push(this.transition.apply(tf.slice(z, [0, 0, 0], [b, t - 1, d])));
        scales.push(tf.mul(tf.ones([b, t - 1, d]), this.noiseScale()));
      }
      return [tf.concat(locs, 1), tf.concat(scales, 1)];
    });
    return new DiagGaussian(loc, scale);
  }

  klPerDim(q: DiagGaussian, z: Tensor): Tensor {
    return tf.tidy(() => {
      if (z.rank === 2) {
        const init = this.initial();
        return q.klPerElement(new DiagGaussian(tf.add(tf.zeros(z.shape), init.loc), tf.mul(tf.ones(z.shape), init.scale)));
      }
      const lin = this.transition.linear?.();
      if (!lin) return q.klPerElement(this.conditionals(z));
      // closed form for f(z) = z·A + b: the conditionals' means at the posterior means, plus the
      // spread that q(z_{t−1})'s variance adds through A
      const [b, t, d] = z.shape as [number, number, number];
      const p = this.conditionals(q.loc);
      const kl = q.klPerElement(p);
      if (t === 1) return kl;
      const prevVar = tf.square(tf.slice(q.scale, [0, 0, 0], [b, t - 1, d]));
      const spread = tf.div(tf.reshape(tf.matMul(tf.reshape(prevVar, [-1, d]), tf.square(lin.matrix)), [b, t - 1, d]), tf.square(this.noiseScale()));
      return tf.add(kl, tf.concat([tf.zeros([b, 1, d]), tf.mul(spread, 0.5)], 1));
    });
  }

  logProb(z: Tensor): Tensor {
    return tf.tidy(() => {
      if (z.rank === 2) {
        const init = this.initial();
        return new DiagGaussian(tf.add(tf.zeros(z.shape), init.loc), tf.mul(tf.ones(z.shape), init.scale)).logProb(z);
      }
      return this.conditionals(z).logProb(z);
    });
  }

  /** n trajectories of `config.steps` steps: [n, steps, D]. */
  sample(n: number, _cond?: Tensor, seed = 0): Tensor {
    return tf.tidy(() => {
      const init = this.initial();
      const z1 = tf.add(init.loc, tf.mul(init.scale, tf.randomNormal([n, this.latentDim], 0, 1, 'float32', deriveSeed(seed, 'z1'))));
      if (this.config.steps === 1) return tf.expandDims(z1, 1);
      return tf.concat([tf.expandDims(z1, 1), this.rollout(z1, this.config.steps - 1, { seed })], 1);
    });
  }

  /**
   * Rolls the dynamics forward k steps from z0 [n, D]: [n, k, D]. With `noise` (default true) each
   * step adds process noise; without, it follows the mean path f(f(…f(z0))).
   */
  rollout(z0: Tensor, k: number, options: { seed?: number; noise?: boolean } = {}): Tensor {
    if (!(Number.isInteger(k) && k >= 1)) throw new ConfigError(`rollout: k must be a positive integer, got ${k}`);
    return tf.tidy(() => {
      const noise = options.noise ?? true;
      const scale = this.noiseScale();
      const eps = noise ? tf.unstack(tf.randomNormal([k, ...z0.shape], 0, 1, 'float32', deriveSeed(options.seed ?? 0, 'rollout'))) : [];
      const steps: Tensor[] = [];
      let z = z0;
      for (let s = 0; s < k; s++) {
        z = this.transition.apply(z);
        if (noise) z = tf.add(z, tf.mul(eps[s], scale));
        steps.push(z);
      }
      return tf.stack(steps, 1);
    });
  }

  /** Weight matrices of the dynamics (for an L2 penalty on recurrent weights). */
  recurrentWeights(): Variable[] {
    return this.transition.recurrentWeights();
  }

  variables(): Record<string, Variable> {
    return this.store.variables();
  }

  dispose(): void {
    this.transition.dispose();
    this.store.dispose();
  }
}

export const markovGaussianPrior: PriorPlugin = {
  kind: 'markov-gaussian',
  parseConfig(raw) {
    const t = (raw.transition ?? { kind: 'mlp' }) as JsonObject;
    if (typeof t !== 'object' || t === null || Array.isArray(t) || typeof t.kind !== 'string') {
      throw new ConfigError('markov-gaussian prior: transition must be { kind, config }', `registered transitions: ${transitions.kinds().join(', ')}`);
    }
    const plugin = transitions.get(t.kind);
    const transition = { kind: t.kind, config: plugin.parseConfig((t.config ?? {}) as JsonObject) };
    const initial = raw.initial ?? 'learned';
    if (initial !== 'standard' && initial !== 'learned') throw new ConfigError(`markov-gaussian prior: initial must be "standard" or "learned", got ${JSON.stringify(initial)}`);
    const noise = raw.noise ?? 0.1;
    if (typeof noise !== 'number' || !(noise > 0) || !Number.isFinite(noise)) throw new ConfigError(`markov-gaussian prior: noise must be a positive number, got ${JSON.stringify(noise)}`);
    const learnNoise = raw.learnNoise ?? true;
    if (typeof learnNoise !== 'boolean') throw new ConfigError('markov-gaussian prior: learnNoise must be true or false');
    const steps = raw.steps ?? 100;
    if (!(typeof steps === 'number' && Number.isInteger(steps) && steps >= 1)) throw new ConfigError(`markov-gaussian prior: steps must be a positive integer, got ${JSON.stringify(steps)}`);
    return { transition, initial, noise, learnNoise, steps };
  },
  create(config, dims, seed) {
    return new MarkovGaussianPrior(this.parseConfig(config) as MarkovPriorConfig & JsonObject, dims, seed);
  },
};
