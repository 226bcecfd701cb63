import { describe, expect, it } from 'vitest';
import { calibrateScores, calibrationFromScores, pearsonResidualScores, readCalibration } from '../../src/analysis/anomaly.js';

describe('pearsonResidualScores', () => {
  it('is the mean squared (x − μ) / sqrt(μ + μ²/θ) per cell (hand-computed), Poisson when θ is absent', () => {
    const x = Float32Array.from([0, 4, 10, 1]);
    const mu = Float32Array.from([2, 4, 5, 1]);
    const theta = Float32Array.from([2, 2, 5, 1]);
    const nb = new Float32Array(2);
    pearsonResidualScores(x, mu, theta, 2, 2, nb, 0);
    // cell 0: r = (0−2)/sqrt(2+4/2) = −1, (4−4)/… = 0 → mean r² = 0.5
    expect(nb[0]).toBeCloseTo(0.5, 6);
    // cell 1: (10−5)/sqrt(5+25/5) = 5/sqrt(10) → 2.5; (1−1)/… = 0 → 1.25
    expect(nb[1]).toBeCloseTo(1.25, 6);
    const poisson = new Float32Array(3);
    pearsonResidualScores(x, mu, undefined, 2, 2, poisson, 1);
    // cell 0: (−2)²/2 = 2, 0 → 1; cell 1: 25/5 = 5, 0 → 2.5
    expect(Array.from(poisson)).toEqual([0, 1, 2.5]);
  });
});

describe('calibration', () => {
  const reference = Array.from({ length: 100 }, (_, i) => 1 + i / 100); // 1.00 … 1.99

  it('computes reference statistics as omics AnomalyDetector does (mean, SD, the 1 − FPR quantile)', () => {
    const c = calibrationFromScores(reference, 0.05);
    expect(c.mean).toBeCloseTo(1.495, 10);
    expect(c.sd).toBeCloseTo(Math.sqrt(reference.reduce((s, v) => s + (v - 1.495) ** 2, 0) / 99), 10);
    expect(c.threshold).toBeCloseTo(1.94, 10); // ceil(0.95 · 100) − 1 = index 94
    expect(c.reference).toHaveLength(100);
    const thinned = calibrationFromScores(reference, 0.05, 10);
    expect(thinned.reference).toHaveLength(10);
    expect(thinned.reference[0]).toBe(1);
    expect(thinned.reference[9]).toBeCloseTo(1.99, 10);
  });

  it('scores against the reference: z, percentile, flags above the threshold', () => {
    const c = calibrationFromScores(reference, 0.05);
    const r = calibrateScores(Float32Array.from([1.495, 1.5, 3]), c);
    expect(r.calibrated).toBe(true);
    expect(r.z[0]).toBeCloseTo(0, 5);
    expect(r.z[2]).toBeCloseTo((3 - c.mean) / c.sd, 4);
    expect(r.percentile[1]).toBeCloseTo(0.51, 6); // 1.00 … 1.50 are ≤ 1.5
    expect(r.percentile[2]).toBe(1);
    expect(Array.from(r.flagged)).toEqual([0, 0, 1]);
  });

  it('falls back to the uploaded cells themselves (median, MAD) and flags only outliers', () => {
    const scores = Float32Array.from([...Array.from({ length: 50 }, (_, i) => 1 + (i % 10) / 100), 9]);
    const r = calibrateScores(scores, undefined);
    expect(r.calibrated).toBe(false);
    expect(Array.from(r.flagged).filter(Boolean)).toHaveLength(1);
    expect(r.flagged[50]).toBe(1);
    expect(r.percentile[50]).toBe(1);
  });

  it('reads a calibration from export metadata and ignores a malformed one', () => {
    const c = calibrationFromScores(reference);
    expect(readCalibration({ anomaly: c })?.threshold).toBe(c.threshold);
    expect(readCalibration({ anomaly: { ...c, sd: 0 } })).toBeUndefined();
    expect(readCalibration({ anomaly: { reference: [1] } })).toBeUndefined();
    expect(readCalibration({})).toBeUndefined();
    expect(readCalibration(undefined)).toBeUndefined();
  });
});
