// Contract check for @vaekit/molecules: an autoregressive decoder that reads the shifted target
// under teacher forcing and emits a categorical distribution per step.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ArraySource, decoders, embeddingLookup, ParamStore, Rng, train, VAE, type DecodeContext, type Decoder, type DecoderPlugin, type JsonObject } from '../../src/index.js';

/** logits_t = E[x_{t-1}] + z·U + b, with x_0 a start token: a bigram decoder conditioned on z. */
class BigramDecoder implements Decoder {
  readonly kind = 'test-bigram';
  readonly embed: Variable;
  readonly fromZ: Variable;
  readonly bias: Variable;
  private readonly store: ParamStore;
  constructor(readonly config: { classes: number; steps: number } & JsonObject, readonly latentDim: number, seed = 0) {
    this.store = new ParamStore('decoder', seed);
    this.embed = this.store.create('embed', [config.classes + 1, config.classes], { normal: 0.1 });
    this.fromZ = this.store.create('fromZ', [latentDim, config.classes], { normal: 0.1 });
    this.bias = this.store.create('bias', [config.classes], 'zeros');
  }
  decode(z: Tensor, ctx: DecodeContext = {}): Record<string, Tensor> {
    const { classes, steps } = this.config;
    return tf.tidy(() => {
      const zTerm = tf.expandDims(tf.add(tf.matMul(z, this.fromZ), this.bias), 1); // [B, 1, K]
      if (ctx.target) {
        // teacher forcing: previous tokens are the target shifted right by one, after a start token
        const b = ctx.target.shape[0];
        const prev = tf.concat([tf.fill([b, 1], classes, 'int32'), tf.slice(tf.cast(ctx.target, 'int32'), [0, 0], [b, steps - 1])], 1);
        return { logits: tf.add(embeddingLookup(this.embed, prev), zTerm) };
      }
      // free running: feed back the most likely token
      let prev = tf.fill([z.shape[0]], classes, 'int32');
      const out: Tensor[] = [];
      for (let t = 0; t < steps; t++) {
        const logits = tf.add(embeddingLookup(this.embed, prev), tf.squeeze(zTerm, [1]));
        out.push(logits);
        prev = tf.cast(tf.argMax(logits, -1), 'int32');
      }
      return { logits: tf.stack(out, 1) };
    });
  }
  variables(): Record<string, Variable> {
    return this.store.variables();
  }
  dispose(): void {
    this.store.dispose();
  }
}

const bigram: DecoderPlugin = {
  kind: 'test-bigram',
  parseConfig: (raw) => ({ classes: Number(raw.classes), steps: Number(raw.steps) }),
  create: (config, dims, seed) => new BigramDecoder(config as { classes: number; steps: number } & JsonObject, dims.latentDim, seed),
};
decoders.register(bigram, { replace: true });

const P = [
  [0.7, 0.1, 0.1, 0.1],
  [0.1, 0.1, 0.7, 0.1],
  [0.25, 0.25, 0.25, 0.25],
  [0.5, 0.0, 0.0, 0.5],
];
const START = [0.4, 0.3, 0.2, 0.1];

function sampleChains(n: number, t: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const draw = (p: number[]) => {
    let u = rng.uniform();
    for (let k = 0; k < p.length; k++) if ((u -= p[k]) < 0) return k;
    return p.length - 1;
  };
  const x = new Float32Array(n * t);
  for (let s = 0; s < n; s++) {
    let prev = draw(START);
    x[s * t] = prev;
    for (let k = 1; k < t; k++) x[s * t + k] = prev = draw(P[prev]);
  }
  return x;
}

describe('autoregressive decoder under teacher forcing', () => {
  it('learns the transition probabilities of a Markov chain through the categorical likelihood', async () => {
    const T = 12;
    const K = 4;
    const vae = VAE.create({
      featureDim: T,
      latentDim: 2,
      encoder: { kind: 'mlp', config: { hidden: [16] } },
      decoder: { kind: 'test-bigram', config: { classes: K, steps: T } },
      likelihood: { kind: 'categorical', config: { classes: K } },
      seed: 1,
    });
    const data = new ArraySource({ n: 600, featureDim: T, x: sampleChains(600, T, 5) });
    await lastValueFrom(train(vae, data, { epochs: 40, batchSize: 100, learningRate: 0.05, seed: 2 }));
    // the decoder's predicted next-token distribution under teacher forcing (z = posterior mean),
    // averaged over every position that follows token i, must match row i of P
    const x = sampleChains(400, T, 6);
    const learned = tf.tidy(() => {
      const xs = tf.tensor2d(x, [400, T]);
      const probs = tf.softmax(vae.decoder.decode(vae.embed(xs), { target: xs }).logits).arraySync() as number[][][];
      const sums = P.map(() => new Array<number>(K).fill(0));
      const counts = new Array<number>(K).fill(0);
      for (let s = 0; s < 400; s++) {
        for (let t = 1; t < T; t++) {
          const prev = x[s * T + t - 1];
          counts[prev]++;
          probs[s][t].forEach((p, j) => (sums[prev][j] += p));
        }
      }
      return sums.map((row, i) => row.map((v) => v / counts[i]));
    });
    for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) expect(Math.abs(learned[i][j] - P[i][j]), `P[${i}][${j}]`).toBeLessThan(0.05);
    // free-running generation produces valid class indices
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const g = vae.generate(5, { seed: 3 });
      expect(g.sample.shape).toEqual([5, T]);
      vae.likelihood.validate(g.sample);
    });
    expect(tf.memory().numTensors).toBe(before);
    vae.dispose();
  });
});
