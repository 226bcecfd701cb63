// A one-modality model with the plain posterior (no prior expert, joint term only) is core's VAE:
// with the same weights it gives the same ELBO, latent and reconstruction.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { simulateCounts, VAE, type PluginRef } from '@vaekit/core';
import { expectNoTensorLeak } from '@vaekit/core/testing';
import { MultimodalModel, MultimodalVAE } from '@vaekit/multimodal';

const cases: { name: string; likelihood: PluginRef; inputTransform: string; data: (n: number, f: number) => Float32Array }[] = [
  { name: 'NB counts with library size', likelihood: { kind: 'nb' }, inputTransform: 'log1p', data: (n, f) => simulateCounts({ cells: n, genes: f, seed: 3 }).counts },
  { name: 'Gaussian values', likelihood: { kind: 'gaussian' }, inputTransform: 'identity', data: (n, f) => Float32Array.from({ length: n * f }, (_, i) => Math.sin(i * 0.37) * 2) },
  { name: 'the nb-mixture protein likelihood', likelihood: { kind: 'nb-mixture' }, inputTransform: 'log1p', data: (n, f) => simulateCounts({ cells: n, genes: f, seed: 4, medianLibrarySize: 400 }).counts },
];

describe('one modality reduces to the plain VAE', () => {
  for (const c of cases) {
    it(`${c.name}: same weights → same ELBO (1 and 3 samples), latent and reconstruction`, async () => {
      const n = 40;
      const f = 12;
      const encoder = { kind: 'mlp', config: { hidden: [16], inputTransform: c.inputTransform } };
      const decoder = { kind: 'mlp', config: { hidden: [16] } };
      const vae = VAE.create({ featureDim: f, latentDim: 3, encoder, decoder, likelihood: c.likelihood, seed: 5 });
      const mm = MultimodalVAE.create({
        latentDim: 3,
        modalities: [{ name: 'm', featureDim: f, encoder, decoder, likelihood: c.likelihood }],
        fusion: { kind: 'poe', config: { priorExpert: false, unimodal: false, logVarRange: [-15, 15] } },
        seed: 9,
      });
      const theirs = vae.variables();
      for (const [name, v] of Object.entries(mm.variables())) v.assign(theirs[name.replace(/^m\//, '')]);
      expect(Object.keys(mm.variables()).length).toBe(Object.keys(theirs).length);
      const x = tf.tensor2d(c.data(n, f), [n, f]);
      const mask = tf.ones([n, 1]);
      try {
        await expectNoTensorLeak(() =>
          tf.tidy(() => {
            for (const samples of [1, 3]) {
              const opts = { beta: 0.7, seed: 11, samples, freeBits: 0.05 };
              const a = vae.elbo({ x }, opts);
              const b = mm.elbo({ x: mask, m: x }, opts);
              for (const k of ['loss', 'reconstruction', 'kl'] as const) {
                const va = a[k].dataSync()[0];
                const vb = b[k].dataSync()[0];
                expect(Math.abs(va - vb), `${k}: ${va} vs ${vb}`).toBeLessThan(1e-5 * (1 + Math.abs(va)));
              }
              const kd = a.klPerDim.dataSync();
              b.klPerDim.dataSync().forEach((v, i) => expect(v).toBeCloseTo(kd[i], 5));
            }
          }),
        );
        const model = new MultimodalModel(mm, { m: 1000 });
        const latent = model.latent({ modalities: { m: { x: x.dataSync() as Float32Array } } });
        const embed = tf.tidy(() => Array.from(vae.embed(x).dataSync()));
        latent.data.forEach((v, i) => expect(v).toBeCloseTo(embed[i], 5));
        const rec = model.reconstruct({ modalities: { m: { x: x.dataSync() as Float32Array } } }, { modality: 'm' });
        const ref = tf.tidy(() => Array.from(vae.reconstruct(x).dataSync()));
        rec.data.forEach((v, i) => expect(Math.abs(v - ref[i])).toBeLessThan(1e-4 * (1 + Math.abs(ref[i]))));
      } finally {
        tf.dispose([x, mask]);
        vae.dispose();
        mm.dispose();
      }
    });
  }
});
