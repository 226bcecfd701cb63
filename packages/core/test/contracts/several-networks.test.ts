// Contract check for @vaekit/causal: a model made of several networks (a VAE plus an auxiliary
// classifier q(t | x)) trains through the same Trainable contract and saves/loads as one model.
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  ArraySource,
  Dense,
  loadModel,
  modelKinds,
  Mlp,
  MLP_DEFAULTS,
  ParamStore,
  Rng,
  train,
  VAE,
  type Batch,
  type JsonObject,
  type LossOptions,
  type LossOutput,
  type Trainable,
  type VaeConfig,
  saveModel,
} from '../../src/index.js';

/** −ELBO of the VAE plus the cross-entropy of an auxiliary treatment classifier q(t | x). */
class AuxiliaryVae implements Trainable {
  readonly vae: VAE;
  private readonly store: ParamStore;
  readonly trunk: Mlp;
  readonly head: Dense;
  constructor(readonly vaeConfig: VaeConfig) {
    this.vae = VAE.create(vaeConfig);
    this.store = new ParamStore('aux', 7);
    this.trunk = new Mlp(this.store, { ...MLP_DEFAULTS, hidden: [16] }, vaeConfig.featureDim, 0);
    this.head = new Dense(this.store, 'logit', 16, 1);
  }
  treatmentLogits(x: Tensor): Tensor {
    return tf.tidy(() => this.head.apply(this.trunk.apply(x, undefined, false, 0))); // [B, 1]
  }
  loss(batch: Batch, options: LossOptions): LossOutput {
    const out = this.vae.loss(batch, options);
    const t = batch.t as Tensor;
    const ce = tf.tidy(() => tf.losses.sigmoidCrossEntropy(t, this.treatmentLogits(batch.x))) as Scalar;
    const loss = tf.add(out.loss, ce) as Scalar;
    out.loss.dispose();
    return { loss, terms: { ...out.terms, treatment: ce }, klPerDim: out.klPerDim };
  }
  toConfig(): JsonObject {
    return { kind: 'test-aux-vae', vae: this.vae.toConfig() };
  }
  variables(): Record<string, Variable> {
    return { ...this.vae.variables(), ...this.store.variables() };
  }
  dispose(): void {
    this.vae.dispose();
    this.store.dispose();
  }
}
modelKinds.register({ kind: 'test-aux-vae', fromConfig: (c) => new AuxiliaryVae(c.vae as unknown as VaeConfig) }, { replace: true });

function simulate(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 4);
  const t = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 4; j++) x[i * 4 + j] = rng.uniform() * 4 - 2;
    t[i] = x[i * 4] + x[i * 4 + 1] > 0 ? 1 : 0;
  }
  return { x, t };
}

describe('a model of several networks', () => {
  it('trains every network and round-trips through saveModel/loadModel', async () => {
    const model = new AuxiliaryVae({ featureDim: 4, latentDim: 2, likelihood: { kind: 'gaussian' }, encoder: { kind: 'mlp', config: { hidden: [16] } }, seed: 1 });
    const { x, t } = simulate(800, 1);
    const data = new ArraySource({ n: 800, featureDim: 4, x, extras: { t } });
    const done = await lastValueFrom(train(model, data, { epochs: 30, batchSize: 64, learningRate: 0.01, seed: 1 }));
    expect(done.type).toBe('done');
    const test = simulate(400, 2);
    const accuracy = (m: AuxiliaryVae) =>
      tf.tidy(() => {
        const p = m.treatmentLogits(tf.tensor2d(test.x, [400, 4])).dataSync();
        return Array.from(p).filter((v, i) => (v > 0 ? 1 : 0) === test.t[i]).length / 400;
      });
    expect(accuracy(model)).toBeGreaterThan(0.93);

    const dir = await mkdtemp(join(tmpdir(), 'vaekit-aux-'));
    try {
      await saveModel(model, join(dir, 'model'));
      const loaded = (await loadModel(join(dir, 'model'))) as AuxiliaryVae;
      expect(loaded).toBeInstanceOf(AuxiliaryVae);
      tf.tidy(() => {
        const xs = tf.tensor2d(test.x, [400, 4]);
        expect(Array.from(loaded.treatmentLogits(xs).dataSync())).toEqual(Array.from(model.treatmentLogits(xs).dataSync()));
        expect(Array.from(loaded.vae.embed(xs).dataSync())).toEqual(Array.from(model.vae.embed(xs).dataSync()));
      });
      loaded.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
      model.dispose();
    }
  });
});
