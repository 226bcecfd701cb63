import { describe, expect, it } from 'vitest';
import { csvField, latentCsvLines } from '../../src/results/latent-csv.js';
import { ResultStore } from '../../src/results/result-store.js';

describe('ResultStore', () => {
  const result = (model: string) => ({ model, cellNames: ['c1'], latent: Float32Array.from([1]), latentDim: 1, clusters: Int32Array.from([0]) });

  it('keeps the latest results by UUID and drops the oldest beyond capacity', () => {
    const store = new ResultStore(2);
    const a = store.add(result('a'));
    const b = store.add(result('b'));
    const c = store.add(result('c'));
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(store.get(a.id)).toBeUndefined();
    expect(store.get(b.id)?.model).toBe('b');
    expect(store.get(c.id)?.model).toBe('c');
    expect(store.size).toBe(2);
  });

  it('looks up nothing that is not a result id', () => {
    const store = new ResultStore(2);
    expect(store.get('../../etc/passwd')).toBeUndefined();
    expect(store.get('__proto__')).toBeUndefined();
  });
});

describe('latent CSV', () => {
  it('writes a header, one line per cell, 7 significant digits, quoted names', () => {
    const text = [
      ...latentCsvLines({
        id: 'x',
        model: 'm',
        cellNames: ['c1', 'odd,"name"'],
        latent: Float32Array.from([0.1, -2.5, 1 / 3, 1e-8]),
        latentDim: 2,
        clusters: Int32Array.from([0, 1]),
      }),
    ].join('');
    expect(text).toBe('cell,z1,z2,cluster\nc1,0.1,-2.5,0\n"odd,""name""",0.3333333,1e-8,1\n');
  });

  it('quotes only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a\nb')).toBe('"a\nb"');
  });
});
