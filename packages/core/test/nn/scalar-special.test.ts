import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digammaScalar, fastExp, lgammaScalar, log1pRatio, logFactorial } from '../../src/nn/scalar-special.js';

/** scipy gammaln / digamma at a spread of arguments (fixtures/nb_softmax.py). */
const special = (JSON.parse(readFileSync(new URL('./fixtures/nb-softmax.json', import.meta.url), 'utf8')) as { special: { z: number[]; lgamma: number[]; digamma: number[] } })
  .special;

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('scalar special functions', () => {
  it('lgammaScalar and digammaScalar match scipy to 1e-12 from 1e-4 to 1e6', () => {
    special.z.forEach((z, i) => {
      expect(relErr(lgammaScalar(z), special.lgamma[i]), `lgamma(${z})`).toBeLessThan(1e-12);
      expect(relErr(digammaScalar(z), special.digamma[i]), `digamma(${z})`).toBeLessThan(1e-12);
    });
  });

  it('logFactorial is log k! (table and formula agree at the table edge)', () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
    expect(relErr(logFactorial(4095), lgammaScalar(4096))).toBeLessThan(1e-12);
    expect(relErr(logFactorial(5000), lgammaScalar(5001))).toBeLessThan(1e-15);
  });

  it('fastExp matches Math.exp to 1e-11 relative over [-708, 700] and underflows to 0', () => {
    for (let v = -708; v <= 700; v += 0.37) {
      expect(Math.abs(fastExp(v) / Math.exp(v) - 1), `exp(${v})`).toBeLessThan(1e-11);
    }
    expect(fastExp(-800)).toBe(0);
  });

  it('log1pRatio(a, b) matches Math.log1p(a / b) to 2e-11 relative, including tiny ratios', () => {
    for (const b of [1e-3, 1, 7.5, 1e6]) {
      for (const r of [0, 1e-12, 1e-6, 0.01, 0.3, 0.5, 0.99, 1]) {
        const want = Math.log1p(r);
        const got = log1pRatio(r * b, b);
        expect(want === 0 ? got : Math.abs(got / want - 1), `log1p(${r}) at b=${b}`).toBeLessThan(2e-11);
      }
    }
  });
});
