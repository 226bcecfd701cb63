// Coordinated dropout and the L2 penalty on recurrent weights, checked term by term.
import * as tf from '@tensorflow/tfjs-core';
import { lgammaNumber } from '@vaekit/core';
import { describe, expect, it } from 'vitest';
import { SequentialVAE } from '@vaekit/sequential';
import { seenInputs } from '../helpers/fixed-encoder.js';

const B = 2;
const T = 4;
const N = 3;
const X = Array.from({ length: B * T * N }, (_, i) => 1 + ((i * 5) % 3)); // counts ≥ 1, so a dropped input is exactly 0

/** log Poisson(x | rate 1): what the readout at z ≈ 0 with zero weights and bias gives. */
const ll1 = (x: number) => -1 - lgammaNumber(x + 1);

describe('coordinated dropout', () => {
  it('masks held-in inputs (kept ones scaled by 1/(1 − p)), scores only the masked entries (scaled by 1/p) and every held-out entry', () => {
    const p = 0.5;
    const m = SequentialVAE.create({
      neurons: N,
      latentDim: 2,
      heldInNeurons: [0, 2],
      coordinatedDropout: p,
      encoder: { kind: 'test-fixed', config: { loc: new Array(T * 2).fill(0), scale: new Array(T * 2).fill(1e-6), bins: T } },
    });
    for (const v of Object.values(m.decoder.variables())) v.assign(tf.zerosLike(v)); // rate 1 everywhere
    const batch = { x: tf.tensor3d(X, [B, T, N]) };
    for (const seed of [1, 2, 3]) {
      const out = m.loss(batch, { beta: 1, freeBits: 0, samples: 1, seed, training: true });
      const input = seenInputs[seenInputs.length - 1];
      expect(input.length).toBe(B * T * 2);
      let want = 0;
      let dropped = 0;
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < T; t++) {
          [0, 2].forEach((n, j) => {
            const xin = input[(b * T + t) * 2 + j];
            const x = X[(b * T + t) * N + n];
            if (xin === 0) {
              want += ll1(x) / p;
              dropped++;
            } else expect(xin).toBeCloseTo(x / (1 - p), 5);
          });
          want += ll1(X[(b * T + t) * N + 1]); // held-out neuron: never input, always scored
        }
      }
      expect(dropped).toBeGreaterThan(0);
      expect(dropped).toBeLessThan(B * T * 2);
      expect(Math.abs(out.terms.reconstruction.dataSync()[0] - want / B)).toBeLessThan(1e-3);
      tf.dispose([out.loss, out.klPerDim, ...Object.values(out.terms)]);
    }
    // evaluation: no mask, every entry scored once
    const ev = m.loss(batch, { beta: 1, freeBits: 0, samples: 1, seed: 1, training: false });
    const input = seenInputs[seenInputs.length - 1];
    expect(Array.from(input)).toEqual(X.filter((_, i) => i % N !== 1));
    expect(Math.abs(ev.terms.reconstruction.dataSync()[0] - X.reduce((s, x) => s + ll1(x), 0) / B)).toBeLessThan(1e-3);
    tf.dispose([ev.loss, ev.klPerDim, ...Object.values(ev.terms), batch.x]);
    m.dispose();
  });
});

describe('L2 on recurrent weights', () => {
  it('adds scale · Σ w² over the encoder GRUs’ recurrent kernels and the transition weights', () => {
    const options = { neurons: N, latentDim: 2, encoder: { kind: 'bigru', config: { units: 4 } }, transition: { kind: 'mlp', config: { hidden: [5] } }, seed: 7 };
    const plain = SequentialVAE.create(options);
    const penalised = SequentialVAE.create({ ...options, l2Recurrent: 0.01 });
    const names = penalised.recurrentWeights().map((w) => w.name.split('#')[0]);
    expect(names).toEqual(['encoder/forward/recurrentKernel', 'encoder/backward/recurrentKernel', 'prior/transition/layer0/kernel', 'prior/transition/layer1/kernel']);
    const batch = { x: tf.tensor3d(X, [B, T, N]) };
    const opts = { beta: 1, freeBits: 0, samples: 1, seed: 3, training: true };
    const a = plain.loss(batch, opts);
    const b = penalised.loss(batch, opts);
    const sumSq = penalised.recurrentWeights().reduce((s, w) => s + tf.sum(tf.square(w)).dataSync()[0], 0);
    expect(sumSq).toBeGreaterThan(0);
    expect(Math.abs(b.loss.dataSync()[0] - a.loss.dataSync()[0] - 0.01 * sumSq)).toBeLessThan(1e-3);
    expect(Math.abs(b.terms.l2.dataSync()[0] - 0.01 * sumSq)).toBeLessThan(1e-5);
    // and its gradient reaches the recurrent kernel: 2 · scale · w on top of the data term
    const w = penalised.recurrentWeights()[0];
    const ga = tf.variableGrads(() => plain.loss(batch, opts).loss, [plain.recurrentWeights()[0]]);
    const gb = tf.variableGrads(() => penalised.loss(batch, opts).loss, [w]);
    const diff = tf.sub(gb.grads[w.name], ga.grads[plain.recurrentWeights()[0].name]);
    expect(tf.max(tf.abs(tf.sub(diff, tf.mul(w, 0.02)))).dataSync()[0]).toBeLessThan(1e-4);
    tf.dispose([a.loss, a.klPerDim, ...Object.values(a.terms), b.loss, b.klPerDim, ...Object.values(b.terms), batch.x, ga.value, gb.value, diff, ...Object.values(ga.grads), ...Object.values(gb.grads)]);
    plain.dispose();
    penalised.dispose();
  });
});
