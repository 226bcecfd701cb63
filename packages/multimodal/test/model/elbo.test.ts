// Masked samples contribute only the terms they can: the loss and its gradients ignore the values of
// missing modalities, a modality nobody has gets no gradient, and bad batches are InputErrors.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { InputError, type Batch } from '@vaekit/core';
import { expectNoTensorLeak } from '@vaekit/core/testing';
import { MultimodalVAE, simulateMultimodal } from '@vaekit/multimodal';

const sim = simulateMultimodal({ cells: 16, genes: 20, proteins: 6, seed: 2 });
function model(fusion: string): MultimodalVAE {
  return MultimodalVAE.create({
    latentDim: 3,
    modalities: [
      { name: 'rna', featureDim: 20, encoder: { kind: 'mlp', config: { hidden: [8], inputTransform: 'log1p' } }, decoder: { kind: 'mlp', config: { hidden: [8] } }, likelihood: { kind: 'nb' } },
      { name: 'protein', featureDim: 6, encoder: { kind: 'mlp', config: { hidden: [8], inputTransform: 'log1p' } }, decoder: { kind: 'mlp', config: { hidden: [8] } }, likelihood: { kind: 'nb-mixture' } },
    ],
    fusion: { kind: fusion },
    seed: 3,
  });
}

/** 16 cells: 0–3 lack protein, 4–7 lack RNA; missing rows filled with `fill`. */
function batch(fill: (i: number) => number): Batch {
  const mask = Array.from({ length: 16 }, (_, i) => [i >= 4 && i < 8 ? 0 : 1, i < 4 ? 0 : 1]);
  const rna = sim.rna.map((v, k) => (Math.floor(k / 20) >= 4 && Math.floor(k / 20) < 8 ? fill(k) : v));
  const protein = sim.protein.map((v, k) => (Math.floor(k / 6) < 4 ? fill(k) : v));
  return { x: tf.tensor2d(mask), rna: tf.tensor2d(rna, [16, 20]), protein: tf.tensor2d(protein, [16, 6]) };
}

function lossAndGrads(m: MultimodalVAE, b: Batch): { loss: number; grads: Record<string, number[]> } {
  const vars = m.variables();
  const names = Object.keys(vars);
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => m.loss(b, { beta: 1, freeBits: 0, samples: 2, seed: 4, training: true }).loss, names.map((n) => vars[n]));
    const byName: Record<string, number[]> = {};
    for (const n of names) byName[n] = Array.from((grads[vars[n].name] ?? tf.zerosLike(vars[n])).dataSync());
    return { loss: value.dataSync()[0], grads: byName };
  });
}

describe('the multimodal ELBO with missing modalities', () => {
  for (const fusion of ['poe', 'mopoe']) {
    it(`${fusion}: the values of missing rows change neither the loss nor any gradient`, async () => {
      const m = model(fusion);
      const a = batch(() => 0);
      const b = batch((k) => (k * 7919) % 50);
      try {
        const ga = await expectNoTensorLeak(() => lossAndGrads(m, a));
        const gb = lossAndGrads(m, b);
        expect(Number.isFinite(ga.loss)).toBe(true);
        expect(gb.loss).toBeCloseTo(ga.loss, 4);
        for (const [name, g] of Object.entries(ga.grads)) g.forEach((v, i) => expect(Math.abs(gb.grads[name][i] - v), name).toBeLessThan(1e-4 * (1 + Math.abs(v))));
      } finally {
        tf.dispose([...Object.values(a), ...Object.values(b)] as Tensor[]);
        m.dispose();
      }
    });
  }

  it('a modality no sample has gets no gradient and its terms are 0', () => {
    const m = model('poe');
    const b: Batch = { x: tf.tensor2d(Array.from({ length: 16 }, () => [1, 0])), rna: tf.tensor2d(sim.rna, [16, 20]), protein: tf.zeros([16, 6]) };
    try {
      const { grads } = lossAndGrads(m, b);
      for (const [name, g] of Object.entries(grads)) {
        const norm = Math.hypot(...g);
        if (name.startsWith('protein/')) expect(norm, name).toBe(0);
        else expect(norm, name).toBeGreaterThan(0);
      }
      tf.tidy(() => {
        const out = m.elbo(b, { seed: 1 });
        expect(out.terms.protein.dataSync()[0]).toBe(0);
        expect(out.terms.rna.dataSync()[0]).toBeGreaterThan(0);
      });
    } finally {
      tf.dispose(Object.values(b) as Tensor[]);
      m.dispose();
    }
  });

  it('reports each term and loss = −reconstruction + β·KL', () => {
    const m = model('mopoe');
    const b = batch(() => 0);
    try {
      tf.tidy(() => {
        const out = m.loss(b, { beta: 0.5, freeBits: 0, samples: 1, seed: 2, training: false });
        expect(Object.keys(out.terms).sort()).toEqual(['kl', 'reconstruction', 'term:protein', 'term:rna', 'term:rna+protein']);
        const rec = out.terms.reconstruction.dataSync()[0];
        const kl = out.terms.kl.dataSync()[0];
        expect(out.loss.dataSync()[0]).toBeCloseTo(-rec + 0.5 * kl, 3);
        const sum = ['term:protein', 'term:rna', 'term:rna+protein'].reduce((s, k) => s + out.terms[k].dataSync()[0], 0);
        expect(sum).toBeCloseTo(-rec + kl, 2); // the terms are the weighted negative ELBOs at β = 1
      });
    } finally {
      tf.dispose(Object.values(b) as Tensor[]);
      m.dispose();
    }
  });

  it('validateBatch rejects bad masks, widths and values with InputErrors', () => {
    const m = model('poe');
    const good = batch(() => 0);
    const check = (patch: Partial<Batch>) => () => m.validateBatch({ ...good, ...patch });
    try {
      expect(check({})).not.toThrow();
      tf.tidy(() => {
        expect(check({ x: tf.zeros([16, 2]) })).toThrow(/has no modality/);
        expect(check({ x: tf.fill([16, 2], 0.5) })).toThrow(/must be 0 or 1/);
        expect(check({ x: tf.ones([16, 3]) })).toThrow(InputError);
        expect(check({ rna: tf.ones([16, 19]) })).toThrow(/expected \[16, 20\]/);
        expect(check({ protein: tf.fill([16, 6], -1) })).toThrow(/negative count/);
        // a negative count in a missing row is ignored
        const protein = tf.concat([tf.fill([4, 6], -1), tf.slice(good.protein as Tensor, [4, 0], [12, 6])]);
        expect(check({ protein })).not.toThrow();
      });
    } finally {
      tf.dispose(Object.values(good) as Tensor[]);
      m.dispose();
    }
  });
});
