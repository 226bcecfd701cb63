import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lorenzRk4, simulateLorenz } from '@vaekit/sequential';

const ref = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/reference.json', import.meta.url)), 'utf8')) as {
  lorenz: { x0: number[]; times: number[]; states: number[][] };
};

describe('Lorenz simulator', () => {
  it('RK4 integration matches scipy solve_ivp (DOP853, rtol 1e-12) at t = 0.25, 0.5, 1, 2', () => {
    const h = 1e-3;
    let t = 0;
    const s = Float64Array.from(ref.lorenz.x0);
    ref.lorenz.times.forEach((target, i) => {
      const steps = Math.round((target - t) / h);
      lorenzRk4(s, steps, h);
      t = target;
      ref.lorenz.states[i].forEach((v, d) => expect(Math.abs(s[d] - v), `t=${target} dim ${d}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(v))));
    });
    // a coarse step is measurably worse (the check can fail)
    const coarse = Float64Array.from(ref.lorenz.x0);
    lorenzRk4(coarse, 20, 0.1);
    expect(Math.abs(coarse[0] - ref.lorenz.states[3][0])).toBeGreaterThan(1e-3);
  });

  it('normalised states, mean counts per bin in [0.3, 1], true rates kept, deterministic for a seed', () => {
    const sim = simulateLorenz({ trials: 40, bins: 50, neurons: 12, seed: 3 });
    const rows = 40 * 50;
    for (let d = 0; d < 3; d++) {
      let m = 0;
      let v = 0;
      for (let i = 0; i < rows; i++) m += sim.latents[i * 3 + d];
      m /= rows;
      for (let i = 0; i < rows; i++) v += (sim.latents[i * 3 + d] - m) ** 2;
      expect(Math.abs(m)).toBeLessThan(1e-5);
      expect(Math.abs(v / rows - 1)).toBeLessThan(1e-4);
    }
    for (let n = 0; n < 12; n++) {
      let rate = 0;
      for (let i = 0; i < rows; i++) rate += sim.rates[i * 12 + n];
      rate /= rows;
      expect(rate).toBeGreaterThanOrEqual(0.3 - 1e-4);
      expect(rate).toBeLessThanOrEqual(1 + 1e-4);
      // log-rate = W·state + b exactly
      const i = 77;
      const l = sim.weights[n * 3] * sim.latents[i * 3] + sim.weights[n * 3 + 1] * sim.latents[i * 3 + 1] + sim.weights[n * 3 + 2] * sim.latents[i * 3 + 2] + sim.bias[n];
      expect(Math.abs(Math.log(sim.rates[i * 12 + n]) - l)).toBeLessThan(1e-4);
    }
    // W has both signs
    expect(Array.from(sim.weights).some((w) => w > 0) && Array.from(sim.weights).some((w) => w < 0)).toBe(true);
    // counts are Poisson around the rates: the overall mean matches
    const totalRate = sim.rates.reduce((a, b) => a + b, 0);
    const totalCount = sim.counts.data.reduce((a, b) => a + b, 0);
    expect(Math.abs(totalCount - totalRate) / Math.sqrt(totalRate)).toBeLessThan(4);
    const again = simulateLorenz({ trials: 40, bins: 50, neurons: 12, seed: 3 });
    expect(Array.from(again.counts.data)).toEqual(Array.from(sim.counts.data));
    const other = simulateLorenz({ trials: 40, bins: 50, neurons: 12, seed: 4 });
    expect(Array.from(other.counts.data)).not.toEqual(Array.from(sim.counts.data));
  });
});
