// Contract check for @vaekit/sequential: per-step posteriors [B, T, D], a Markov prior, Poisson
// observations per step — composed from core's VAE, trained with core's train().
import * as tf from '@tensorflow/tfjs-core';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ArraySource, priors, Rng, samplePoisson, train, VAE } from '../../src/index.js';
import { markovPrior, type MarkovPrior } from './markov-prior.js';

priors.register(markovPrior, { replace: true });


/** 1-D latent AR(1) z_t = 0.95 z_{t-1} + noise (unit stationary variance), 12 Poisson neurons. */
function simulate(n: number, t: number, seed: number) {
  const rng = new Rng(seed);
  const normal = () => rng.normal();
  const a = 0.95;
  const neurons = 12;
  const gain = Array.from({ length: neurons }, (_, i) => (i % 2 ? 1 : -1) * (0.6 + 0.05 * i));
  const z = new Float32Array(n * t);
  const x = new Float32Array(n * t * neurons);
  for (let s = 0; s < n; s++) {
    let zt = normal();
    for (let k = 0; k < t; k++) {
      if (k > 0) zt = a * zt + Math.sqrt(1 - a * a) * normal();
      z[s * t + k] = zt;
      for (let j = 0; j < neurons; j++) {
        const rate = Math.exp(Math.log(2) + gain[j] * zt);
        x[(s * t + k) * neurons + j] = samplePoisson(rng, rate);
      }
    }
  }
  return { z, x, neurons };
}

describe('sequence model from core contracts', () => {
  it('learns the latent dynamics and recovers the latent trajectory', async () => {
    const T = 30;
    const { z, x, neurons } = simulate(160, T, 1);
    const vae = VAE.create({
      featureDim: neurons,
      latentDim: 1,
      encoder: { kind: 'mlp', config: { hidden: [32], inputTransform: 'log1p' } },
      decoder: { kind: 'mlp', config: { hidden: [] } },
      likelihood: { kind: 'poisson', config: { libraryOffset: false } },
      prior: { kind: 'test-markov', config: { steps: T } },
      seed: 2,
    });
    // ArraySource is [n, features]; a sequence batch is reshaped by a tiny wrapper, as @vaekit/sequential's data will be
    const flat = new ArraySource({ n: 160, featureDim: T * neurons, x });
    const seqSource = { size: flat.size, batch: (idx: ArrayLike<number>) => { const b = flat.batch(idx); const xs = tf.reshape(b.x, [-1, T, neurons]); b.x.dispose(); return { x: xs }; } };
    const before = tf.memory().numTensors;
    const done = await lastValueFrom(train(vae, seqSource, { epochs: 60, batchSize: 32, learningRate: 1e-2, seed: 3 }));
    expect(done.type).toBe('done');
    expect(tf.memory().numTensors).toBe(before);
    const a = (vae.prior as MarkovPrior).a.dataSync()[0];
    expect(a).toBeGreaterThan(0.75); // true 0.95; starts at 0
    // inferred trajectory vs truth (sign is not identifiable)
    const zHat = tf.tidy(() => vae.embed(tf.reshape(tf.tensor(x), [160, T, neurons])).dataSync());
    const r = pearson(Array.from(zHat), Array.from(z));
    expect(Math.abs(r)).toBeGreaterThan(0.85);
    vae.dispose();
  });
});

function pearson(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
