import * as tf from '@tensorflow/tfjs-core';
import { decoders, encoders, InputError } from '@vaekit/core';
import { copyVariables, expectNoTensorLeak } from '@vaekit/core/testing';
import { describe, expect, it } from 'vitest';
import '@vaekit/sequential';
import type { BiGruEncoder, ReadoutDecoder } from '@vaekit/sequential';

const B = 3;
const T = 7;
const F = 5;
const D = 4;
const x = () => tf.tensor3d(Float32Array.from({ length: B * T * F }, (_, i) => (i * 7) % 4), [B, T, F]);
const cov = () => tf.tensor3d(Float32Array.from({ length: B * T * 2 }, (_, i) => Math.sin(i)), [B, T, 2]);

describe('bigru encoder', () => {
  const plugin = encoders.get('bigru');
  const make = (seed = 1, covariateDim = 0) => plugin.create(plugin.parseConfig({ units: 8 }), { inputDim: F, latentDim: D, covariateDim }, seed) as BiGruEncoder;

  it('gives a per-step posterior [B, T, D] with positive scale, deterministic, without leaks', async () => {
    const enc = make();
    const input = x();
    await expectNoTensorLeak(() =>
      tf.tidy(() => {
        const q = enc.encode(input);
        expect(q.loc.shape).toEqual([B, T, D]);
        expect(tf.min(q.scale).dataSync()[0]).toBeGreaterThan(0);
        expect(Array.from(enc.encode(input).loc.dataSync())).toEqual(Array.from(q.loc.dataSync()));
      }),
    );
    input.dispose();
    enc.dispose();
  });

  it('is bidirectional: the last bin changes the posterior at the first bin (through the backward GRU) and vice versa', () => {
    const enc = make();
    tf.tidy(() => {
      const a = x();
      const changedLast = tf.concat([tf.slice(a, [0, 0, 0], [B, T - 1, F]), tf.add(tf.slice(a, [0, T - 1, 0], [B, 1, F]), 3)], 1);
      const qa = enc.encode(a).loc;
      const qb = enc.encode(changedLast).loc;
      const diffFirst = tf.max(tf.abs(tf.sub(tf.slice(qa, [0, 0, 0], [B, 1, D]), tf.slice(qb, [0, 0, 0], [B, 1, D])))).dataSync()[0];
      expect(diffFirst).toBeGreaterThan(1e-4);
      // the forward GRU alone does not see the future
      const fa = enc.forward.apply(enc.input(a));
      const fb = enc.forward.apply(enc.input(changedLast));
      expect(tf.max(tf.abs(tf.sub(tf.slice(fa, [0, 0, 0], [B, T - 1, 8]), tf.slice(fb, [0, 0, 0], [B, T - 1, 8])))).dataSync()[0]).toBe(0);
    });
    enc.dispose();
  });

  it('passes gradients to every variable, reads covariates, and rebuilds identically from its config', () => {
    const enc = make(1, 2);
    const input = x();
    const c = cov();
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const q = enc.encode(input, { covariates: c, training: true, seed: 1 });
        return tf.add(tf.sum(tf.square(q.loc)), tf.sum(q.scale));
      }, Object.values(enc.variables()));
      for (const [name, g] of Object.entries(grads)) expect(tf.max(tf.abs(g)).dataSync()[0], name).toBeGreaterThan(0);
      const other = plugin.create(plugin.parseConfig(JSON.parse(JSON.stringify(enc.config))), { inputDim: F, latentDim: D, covariateDim: 2 }, 99);
      copyVariables(enc, other);
      expect(Array.from(other.encode(input, { covariates: c }).loc.dataSync())).toEqual(Array.from(enc.encode(input, { covariates: c }).loc.dataSync()));
      other.dispose();
      expect(() => enc.encode(input)).toThrow(/expected covariates \[batch, time, 2\]/);
    });
    expect(() => enc.encode(tf.zeros([B, F]))).toThrow(InputError);
    tf.dispose([input, c]);
    enc.dispose();
  });

  it('names bad configs', () => {
    expect(() => plugin.parseConfig({ units: 0 })).toThrow(/units must be a positive integer/);
    expect(() => plugin.parseConfig({ recurrentActivation: 'relu' })).toThrow(/recurrentActivation/);
    expect(() => plugin.parseConfig({ inputTransform: 'sqrt' })).toThrow(/Unknown input transform kind "sqrt"/);
  });
});

describe('readout decoder', () => {
  const plugin = decoders.get('readout');
  const heads = [{ name: 'mean', size: 6, activation: 'linear' }];

  it('is a linear readout of z_t (through factors) with a per-neuron bias, covariates additive', () => {
    const dec = plugin.create(plugin.parseConfig({ factors: 3 }), { latentDim: D, covariateDim: 2, heads }, 1) as ReadoutDecoder;
    tf.tidy(() => {
      const z = tf.randomNormal([B, T, D], 0, 1, 'float32', 2);
      const c = cov();
      const out = dec.decode(z, { covariates: c }).mean;
      expect(out.shape).toEqual([B, T, 6]);
      const h = dec.heads[0];
      const f = tf.matMul(tf.reshape(z, [-1, D]), dec.factorKernel!);
      const want = tf.add(tf.matMul(tf.concat([f, tf.reshape(c, [-1, 2])], 1), h.kernel), h.bias);
      expect(tf.max(tf.abs(tf.sub(tf.reshape(out, [-1, 6]), want))).dataSync()[0]).toBeLessThan(1e-5);
      // linear in z: decode(2z) − decode(z) = decode(z) − decode(0) with c fixed
      const d0 = dec.decode(tf.zerosLike(z), { covariates: c }).mean;
      const d2 = dec.decode(tf.mul(z, 2), { covariates: c }).mean;
      expect(tf.max(tf.abs(tf.sub(tf.sub(d2, out), tf.sub(out, d0)))).dataSync()[0]).toBeLessThan(1e-5);
      expect(() => dec.decode(z)).toThrow(/expected covariates/);
    });
    dec.dispose();
  });
});
