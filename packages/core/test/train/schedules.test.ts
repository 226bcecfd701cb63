import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createKlSchedule, klSchedules } from '../../src/train/schedules/index.js';
import type { KlScheduleConfig } from '../../src/train/schedules/index.js';

interface FuCase {
  totalSteps: number;
  betaStart: number;
  betaTarget: number;
  cycles: number;
  ratio: number;
  beta: number[];
}
const fuCases = JSON.parse(readFileSync(new URL('./fixtures/cyclical.json', import.meta.url), 'utf8')) as FuCase[];

function betas(config: KlScheduleConfig, totalSteps: number, stepsPerEpoch = 10): number[] {
  const s = createKlSchedule(config, { totalSteps, stepsPerEpoch });
  return Array.from({ length: totalSteps }, (_, i) => s.betaAt(i + 1));
}

describe('KL schedules', () => {
  it('are registered objects found by kind; an unknown kind lists the known ones', () => {
    expect(klSchedules.kinds()).toEqual(expect.arrayContaining(['constant', 'linear', 'cyclical']));
    expect(() => createKlSchedule({ kind: 'sigmoid' }, { totalSteps: 10, stepsPerEpoch: 1 })).toThrow(/Unknown KL schedule kind "sigmoid".*constant, cyclical, linear/);
  });

  it('constant gives the same beta at every step (default 1)', () => {
    expect(betas({ kind: 'constant' }, 5)).toEqual([1, 1, 1, 1, 1]);
    expect(betas({ kind: 'constant', beta: 0.25 }, 3)).toEqual([0.25, 0.25, 0.25]);
  });

  it('linear warm-up rises by (target − start)/N per step and reaches the target exactly at step N', () => {
    const b = betas({ kind: 'linear', warmupSteps: 4 }, 8);
    expect(b).toEqual([0.25, 0.5, 0.75, 1, 1, 1, 1, 1]);
    // start/target whose difference is inexact in binary: the target is still hit exactly
    const c = betas({ kind: 'linear', betaStart: 0.1, betaTarget: 0.7, warmupSteps: 3 }, 5);
    expect(c[0]).toBeCloseTo(0.3, 12);
    expect(c[1]).toBeCloseTo(0.5, 12);
    expect(c.slice(2)).toEqual([0.7, 0.7, 0.7]);
    for (let i = 1; i < c.length; i++) expect(c[i]).toBeGreaterThanOrEqual(c[i - 1]);
  });

  it('linear warm-up in epochs is converted to steps with the steps per epoch', () => {
    const s = createKlSchedule({ kind: 'linear', warmupEpochs: 2 }, { totalSteps: 100, stepsPerEpoch: 10 });
    expect(s.betaAt(10)).toBeCloseTo(0.5, 12);
    expect(s.betaAt(19)).toBeCloseTo(0.95, 12);
    expect(s.betaAt(20)).toBe(1);
    expect(s.describe()).toMatchObject({ warmupSteps: 20 });
    expect(s.warnings).toEqual([]);
  });

  it('a warm-up longer than the run is shortened to it, ends exactly at the target and warns (the scvi-tools case)', () => {
    // scvi-tools: 400 warm-up epochs, but a large data set trained for 20 epochs never reaches β = 1
    const stepsPerEpoch = 1000;
    const totalSteps = 20 * stepsPerEpoch;
    const s = createKlSchedule({ kind: 'linear', warmupEpochs: 400 }, { totalSteps, stepsPerEpoch });
    expect(s.betaAt(totalSteps)).toBe(1);
    expect(s.betaAt(totalSteps / 2)).toBeCloseTo(0.5, 12);
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toMatch(/400 epochs \(400000 steps\) is longer than the run \(20000 steps\)/);
    // in steps, with a target other than 1
    const t = createKlSchedule({ kind: 'linear', warmupSteps: 50, betaTarget: 0.5 }, { totalSteps: 7, stepsPerEpoch: 7 });
    expect(t.betaAt(7)).toBe(0.5);
    expect(t.betaAt(6)).toBeLessThan(0.5);
    expect(t.warnings[0]).toMatch(/shortened to 7 steps/);
    // a run of a single step trains at the target
    expect(createKlSchedule({ kind: 'linear', warmupSteps: 10 }, { totalSteps: 1, stepsPerEpoch: 1 }).betaAt(1)).toBe(1);
  });

  it('linear warm-up rejects ambiguous or invalid configs', () => {
    const ctx = { totalSteps: 10, stepsPerEpoch: 1 };
    expect(() => createKlSchedule({ kind: 'linear' }, ctx)).toThrow(ConfigError);
    expect(() => createKlSchedule({ kind: 'linear', warmupSteps: 5, warmupEpochs: 1 }, ctx)).toThrow(/exactly one of/);
    expect(() => createKlSchedule({ kind: 'linear', warmupSteps: 2.5 }, ctx)).toThrow(/warmupSteps must be an integer >= 1/);
    expect(() => createKlSchedule({ kind: 'linear', warmupSteps: 5, betaTarget: -1 }, ctx)).toThrow(/betaTarget/);
    expect(() => createKlSchedule({ kind: 'linear', warmupStep: 5 }, ctx)).toThrow(/unknown option "warmupStep"/);
  });

  it("cyclical matches Fu et al.'s frange_cycle_linear", () => {
    for (const c of fuCases) {
      const b = betas({ kind: 'cyclical', cycles: c.cycles, ratio: c.ratio, betaStart: c.betaStart, betaTarget: c.betaTarget }, c.totalSteps);
      expect(b).toHaveLength(c.beta.length);
      b.forEach((v, i) => expect(v, `T=${c.totalSteps} M=${c.cycles} R=${c.ratio} step ${i + 1}`).toBeCloseTo(c.beta[i], 9));
    }
  });

  it('cyclical has M cycles that each restart at betaStart, rise over a fraction R and hold the target', () => {
    const T = 120;
    const b = betas({ kind: 'cyclical', cycles: 4, ratio: 0.5 }, T);
    const restarts = b.map((v, i) => (i > 0 && v < b[i - 1] ? i : -1)).filter((i) => i >= 0);
    expect(restarts).toEqual([30, 60, 90]);
    for (const start of [0, 30, 60, 90]) {
      expect(b[start]).toBe(0);
      for (let i = start + 1; i < start + 15; i++) expect(b[i] - b[i - 1]).toBeCloseTo(1 / 15, 12);
      for (let i = start + 15; i < start + 30; i++) expect(b[i]).toBe(1);
    }
    expect(b[T - 1]).toBe(1);
  });

  it('cyclical warns when cycles are too short and rejects a bad ratio', () => {
    expect(createKlSchedule({ kind: 'cyclical', cycles: 10 }, { totalSteps: 12, stepsPerEpoch: 1 }).warnings[0]).toMatch(/fewer than 2 steps per cycle/);
    expect(() => createKlSchedule({ kind: 'cyclical', ratio: 0 }, { totalSteps: 12, stepsPerEpoch: 1 })).toThrow(/ratio must be in \(0, 1\]/);
  });
});
