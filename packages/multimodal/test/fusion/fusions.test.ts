// The registered fusions: PoE's and MoPoE's ELBO terms for masked batches, MoPoE's mixture moments,
// sampled subsets, config checks.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@vaekit/core';
import { fusions, nonEmptySubsets, productOfExperts, type ElboTerm, type Fusion } from '@vaekit/multimodal';
import { scoped } from '../scoped.js';

const names = ['rna', 'protein'];
const make = (kind: string, config = {}, modalities = names): Fusion => fusions.get(kind).create(fusions.get(kind).parseConfig(config), { modalities, latentDim: 2 });
const read = (terms: ElboTerm[]) =>
  terms.map((t) => ({ name: t.name, use: Array.from(t.use.dataSync()), weight: Array.from(t.weight.dataSync()), reconstruct: Array.from(t.reconstruct.dataSync()) }));

// rows: both modalities, RNA only, protein only
const MASK = [
  [1, 1],
  [1, 0],
  [0, 1],
];

describe('poe fusion terms', () => {
  it('joint + one term per modality; a sample gets only the terms and reconstructions it can', () => {
    const terms = scoped(() => read(make('poe').terms(tf.tensor2d(MASK), 0)));
    expect(terms.map((t) => t.name)).toEqual(['joint', 'rna', 'protein']);
    expect(terms[0]).toEqual({ name: 'joint', use: MASK.flat(), weight: [1, 1, 1], reconstruct: MASK.flat() });
    expect(terms[1]).toEqual({ name: 'rna', use: [1, 0, 1, 0, 0, 0], weight: [1, 1, 0], reconstruct: MASK.flat() });
    expect(terms[2]).toEqual({ name: 'protein', use: [0, 1, 0, 0, 0, 1], weight: [1, 0, 1], reconstruct: MASK.flat() });
  });

  it('without cross-reconstruction a subset term reconstructs only its own modalities (MVAE)', () => {
    const terms = scoped(() => read(make('poe', { crossReconstruction: false }).terms(tf.tensor2d(MASK), 0)));
    expect(terms[1].reconstruct).toEqual([1, 0, 1, 0, 0, 0]);
    expect(make('poe', { unimodal: false }).config.unimodal).toBe(false);
    expect(scoped(() => make('poe', { unimodal: false }).terms(tf.tensor2d(MASK), 0).length)).toBe(1);
  });

  it('sampled subsets: 2 … M−1 modalities, seeded, weighted by whether the sample has them all', () => {
    const three = ['a', 'b', 'c'];
    const fusion = make('poe', { sampledSubsets: 4 }, three);
    const mask = [
      [1, 1, 1],
      [1, 1, 0],
    ];
    const once = scoped(() => read(fusion.terms(tf.tensor2d(mask), 7)));
    const again = scoped(() => read(fusion.terms(tf.tensor2d(mask), 7)));
    expect(again).toEqual(once);
    const sampled = once.filter((t) => t.name === 'subsets');
    expect(sampled).toHaveLength(4);
    for (const t of sampled) {
      const subset = t.use.slice(0, 3); // row 0 has everything: its use row is the subset
      expect(subset.reduce((a, b) => a + b, 0)).toBe(2);
      expect(t.weight[1]).toBe(subset[2] === 1 ? 0 : 1);
    }
    const other = scoped(() => read(fusion.terms(tf.tensor2d(mask), 8)));
    expect(other.map((t) => t.use.join())).not.toEqual(once.map((t) => t.use.join()));
  });
});

describe('mopoe fusion', () => {
  it('terms: every non-empty subset, weights 1/#subsets of what the sample has', () => {
    const terms = scoped(() => read(make('mopoe').terms(tf.tensor2d(MASK), 0)));
    expect(terms.map((t) => t.name)).toEqual(['rna', 'protein', 'rna+protein']);
    expect(terms.map((t) => t.weight.map((w) => +w.toFixed(6)))).toEqual([
      [0.333333, 1, 0],
      [0.333333, 0, 1],
      [0.333333, 0, 0],
    ]);
    for (const t of terms) expect(t.reconstruct).toEqual(MASK.flat());
  });

  it('the inference posterior has the mixture mean and variance of the subset products', () => {
    const fusion = make('mopoe');
    tf.tidy(() => {
      const es = [0, 1].map((m) => ({ loc: tf.randomNormal([3, 2], 0, 1.5, 'float32', m + 3), logVar: tf.randomNormal([3, 2], 0, 1, 'float32', m + 5) }));
      const present = tf.tensor2d(MASK);
      const q = fusion.posterior(es, present);
      const loc = q.loc.arraySync() as number[][];
      const variance = (tf.square(q.scale).arraySync() as number[][]);
      const product = (use: number[]) => {
        const p = productOfExperts(es, tf.mul(present, tf.tensor2d([use])), fusion.product);
        return { loc: p.loc.arraySync() as number[][], v: tf.square(p.scale).arraySync() as number[][] };
      };
      const parts = [product([1, 0]), product([0, 1]), product([1, 1])];
      const valid = MASK.map((r) => [r[0], r[1], r[0] * r[1]]);
      for (let b = 0; b < 3; b++) {
        const w = valid[b].map((v) => v / valid[b].reduce((a, c) => a + c, 0));
        for (let d = 0; d < 2; d++) {
          const mean = parts.reduce((s, p, k) => s + w[k] * p.loc[b][d], 0);
          const second = parts.reduce((s, p, k) => s + w[k] * (p.v[b][d] + p.loc[b][d] ** 2), 0);
          expect(loc[b][d]).toBeCloseTo(mean, 5);
          expect(variance[b][d]).toBeCloseTo(second - mean * mean, 4);
        }
      }
      // one modality present: the posterior is that modality's product with the prior expert
      expect(loc[1][0]).toBeCloseTo(parts[0].loc[1][0], 6);
      expect(loc[2][1]).toBeCloseTo(parts[1].loc[2][1], 6);
    });
  });
});

describe('fusion configs', () => {
  it('lists the subsets smallest first', () => {
    expect(nonEmptySubsets(3)).toEqual([[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]]);
  });

  it('rejects bad options with ConfigErrors that name them', () => {
    expect(() => make('poe', { logVarRange: [5, -5] })).toThrow(/logVarRange/);
    expect(() => make('poe', { priorExpert: 'yes' })).toThrow(ConfigError);
    expect(() => make('poe', { sampledSubsets: -1 })).toThrow(/sampledSubsets/);
    expect(() => make('mopoe', {}, Array.from({ length: 9 }, (_, i) => `m${i}`))).toThrow(/at most 8/);
    expect(() => fusions.get('attention')).toThrow(/registered fusion kinds: mopoe, poe/);
  });
});
