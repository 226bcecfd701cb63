import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, InputError, loadModel } from '@vaekit/core';
import { expectNoTensorLeak } from '@vaekit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectTrials, simulateLorenz, spikeCounts, SequentialVAE, type MarkovGaussianPrior } from '@vaekit/sequential';

const TRIALS = 24;
const BINS = 20;
const N = 6;
const sim = simulateLorenz({ trials: TRIALS, bins: BINS, neurons: N, seed: 2 });
const small = { neurons: N, latentDim: 3, encoder: { kind: 'bigru', config: { units: 8 } }, transition: { kind: 'mlp', config: { hidden: [8] } }, seed: 1 };

describe('SequentialVAE API', () => {
  let model: SequentialVAE;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vaekit-seqvae-'));
    model = SequentialVAE.create(small);
    const before = tf.memory().numTensors;
    const summary = await model.fit(sim.counts, { epochs: 2, batchSize: 8, seed: 3 });
    expect(summary.epochs).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });
  afterAll(async () => {
    model.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('infers positive rates for every trial, bin and neuron; latents default to the training data', async () => {
    await expectNoTensorLeak(() => {
      const rates = model.inferRates(sim.counts);
      expect([rates.trials, rates.bins, rates.width]).toEqual([TRIALS, BINS, N]);
      expect(rates.data.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
      const z = model.latents();
      expect([z.trials, z.bins, z.width]).toEqual([TRIALS, BINS, 3]);
      expect(Array.from(model.latents(sim.counts).data)).toEqual(Array.from(z.data));
      const s = model.latents(undefined, { scale: true });
      expect(s.data.every((v) => v > 0)).toBe(true);
      const sampled = model.inferRates(sim.counts, { samples: 3, seed: 1 });
      expect(Array.from(model.inferRates(sim.counts, { samples: 3, seed: 1 }).data)).toEqual(Array.from(sampled.data));
      expect(Array.from(sampled.data)).not.toEqual(Array.from(rates.data));
    });
  });

  it('forecasts by rolling the prior forward from the last bin’s posterior mean', async () => {
    await expectNoTensorLeak(() => {
      const f = model.forecast(5, sim.counts);
      expect([f.latents.trials, f.latents.bins, f.latents.width]).toEqual([TRIALS, 5, 3]);
      expect([f.rates.bins, f.rates.width]).toEqual([5, N]);
      const last = model.latents(sim.counts);
      const z0 = Array.from({ length: TRIALS * 3 }, (_, i) => last.data[(Math.floor(i / 3) * BINS + BINS - 1) * 3 + (i % 3)]);
      const want = tf.tidy(() => (model.prior as MarkovGaussianPrior).rollout(tf.tensor2d(z0, [TRIALS, 3]), 5, { noise: false }).dataSync());
      Array.from(f.latents.data).forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-5));
      const noisy = model.forecast(5, sim.counts, { samples: 4, seed: 2 });
      expect(Array.from(noisy.latents.data)).not.toEqual(Array.from(f.latents.data));
    });
  });

  it('samples trajectories from the generative model (seeded)', async () => {
    await expectNoTensorLeak(() => {
      const s = model.sampleTrajectories(4, { bins: 10, seed: 5 });
      expect([s.latents.trials, s.latents.bins, s.latents.width]).toEqual([4, 10, 3]);
      expect(s.spikes.data.every((v) => v >= 0 && Number.isInteger(v))).toBe(true);
      expect(Array.from(model.sampleTrajectories(4, { bins: 10, seed: 5 }).spikes.data)).toEqual(Array.from(s.spikes.data));
    });
  });

  it('saves and loads (core persistence, model kind sequential-vae) with identical rates', async () => {
    await model.save(join(dir, 'm'));
    const manifest = JSON.parse(await readFile(join(dir, 'm', 'model.json'), 'utf8')) as { model: { kind: string } };
    expect(manifest.model.kind).toBe('sequential-vae');
    const loaded = await SequentialVAE.load(join(dir, 'm'));
    expect(Array.from(loaded.inferRates(sim.counts).data)).toEqual(Array.from(model.inferRates(sim.counts).data));
    loaded.dispose();
    const generic = await loadModel(join(dir, 'm'));
    expect(generic).toBeInstanceOf(SequentialVAE);
    generic.dispose();
  });

  it('names bad input: neuron count, negative / non-integer / NaN counts, too-short trials', () => {
    const wrong = spikeCounts({ data: new Float32Array(2 * BINS * (N + 1)), trials: 2, bins: BINS, neurons: N + 1 });
    expect(() => model.inferRates(wrong)).toThrow(/7 neurons, but the model has 6/);
    const bad = (v: number) => {
      const d = Float32Array.from(sim.counts.data.subarray(0, 2 * BINS * N));
      d[5] = v;
      return spikeCounts({ data: d, trials: 2, bins: BINS, neurons: N });
    };
    expect(() => model.inferRates(bad(-1))).toThrow(/negative count \(-1\) at trial 0, bin 0, neuron 5/);
    expect(() => model.inferRates(bad(0.5))).toThrow(/non-integer count/);
    expect(() => model.inferRates(bad(NaN))).toThrow(/non-finite value/);
    const one = spikeCounts({ data: new Float32Array(N), trials: 1, bins: 1, neurons: N });
    expect(() => model.inferRates(one)).toThrow(/1 bin\(s\), but the model needs at least 2/);
    expect(() => model.forecast(0, sim.counts)).toThrow(ConfigError);
  });
});

describe('readout bias initialisation', () => {
  it('starts every neuron at its mean rate (log of the mean count) and leaves a trained bias alone', async () => {
    const m = SequentialVAE.create(small);
    const bias = (m.decoder as unknown as { heads: Array<{ bias: tf.Variable }> }).heads[0].bias;
    await m.fit(sim.counts, { epochs: 1, batchSize: 24, learningRate: 1e-9, validationFraction: 0, seed: 1 });
    const mean = Array.from({ length: N }, (_, n) => sim.counts.data.filter((_, i) => i % N === n).reduce((a, b) => a + b, 0) / (TRIALS * BINS));
    Array.from(bias.dataSync()).forEach((b, n) => expect(Math.abs(b - Math.log(mean[n] + 1e-3))).toBeLessThan(1e-4));
    bias.assign(tf.fill([N], 0.5));
    await m.fit(sim.counts, { epochs: 1, batchSize: 24, learningRate: 1e-9, validationFraction: 0, seed: 1 });
    Array.from(bias.dataSync()).forEach((b) => expect(Math.abs(b - 0.5)).toBeLessThan(1e-4));
    m.dispose();
  });
});

describe('held-in neurons and covariates', () => {
  it('the encoder reads only the held-in neurons; held-out data do not change the rates', () => {
    const m = SequentialVAE.create({ ...small, heldInNeurons: [0, 1, 3, 4] });
    const changed = Float32Array.from(sim.counts.data);
    for (let i = 0; i < changed.length; i++) if (i % N === 2 || i % N === 5) changed[i] += 3;
    const a = m.inferRates(sim.counts).data;
    const b = m.inferRates({ ...sim.counts, data: changed }).data;
    expect(Array.from(b)).toEqual(Array.from(a));
    const c = Float32Array.from(sim.counts.data);
    c[0] += 3; // a held-in neuron
    expect(Array.from(m.inferRates({ ...sim.counts, data: c }).data)).not.toEqual(Array.from(a));
    m.dispose();
  });

  it('a conditional model needs covariates c_t and its rates depend on them', async () => {
    const m = SequentialVAE.create({ ...small, covariates: ['stimulus'] });
    const stim = (value: number) => ({ data: new Float32Array(TRIALS * BINS).fill(value), trials: TRIALS, bins: BINS, columns: 1 });
    await m.fit({ counts: sim.counts, covariates: stim(1) }, { epochs: 1, batchSize: 12, seed: 1 });
    expect(() => m.inferRates(sim.counts)).toThrow(/has covariates \(stimulus\) but none were given/);
    const on = m.inferRates({ counts: sim.counts, covariates: stim(1) }).data;
    const off = m.inferRates({ counts: sim.counts, covariates: stim(0) }).data;
    expect(Array.from(on)).not.toEqual(Array.from(off));
    const bad = { counts: selectTrials(sim.counts, [0]), covariates: stim(1) };
    expect(() => m.inferRates(bad)).toThrow(InputError);
    m.dispose();
  });
});
