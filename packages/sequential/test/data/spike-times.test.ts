import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '@vaekit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binSpikeTimes, cutSignal, cutWindows, readNwbUnits, readSpikeTimesCsv, spikeTimes } from '@vaekit/sequential';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

describe('spike times → binned counts', () => {
  const spikes = spikeTimes({ a: [0.05, 0.15, 0.16, 0.95], b: [0.5, 0.31] }, { start: 0, end: 1 });

  it('sorts and checks spike times; names a spike outside the recording', () => {
    expect(Array.from(spikes.units[1].times)).toEqual([0.31, 0.5]);
    expect(() => spikeTimes({ a: [0.5, 1.2] }, { start: 0, end: 1 })).toThrow(/unit "a" has a spike at 1.2 s, outside the recording \[0, 1\] s/);
    expect(() => spikeTimes({ a: [-0.1] }, { start: 0, end: 1 })).toThrow(InputError);
    expect(() => spikeTimes({ a: [NaN] })).toThrow(/non-finite spike time/);
  });

  it('bins the whole recording as one trial (bins are half-open)', () => {
    const c = binSpikeTimes(spikes, { binSize: 0.1 });
    expect([c.trials, c.bins, c.neurons]).toEqual([1, 10, 2]);
    const a = Array.from({ length: 10 }, (_, t) => c.data[t * 2]);
    const b = Array.from({ length: 10 }, (_, t) => c.data[t * 2 + 1]);
    expect(a).toEqual([1, 2, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(b).toEqual([0, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
    expect(c.neuronIds).toEqual(['a', 'b']);
  });

  it('bins event-aligned trials and explicit intervals', () => {
    const aligned = binSpikeTimes(spikes, { binSize: 0.1, align: { times: [0.2, 0.6], before: 0.2, after: 0.2 } });
    expect([aligned.trials, aligned.bins]).toEqual([2, 4]);
    expect(aligned.trialStarts?.map((s) => +s.toFixed(9))).toEqual([0, 0.4]);
    // trial 0 = [0, 0.4): a has 0.05 | 0.15, 0.16 ; b has 0.31
    expect(Array.from(aligned.data.subarray(0, 8))).toEqual([1, 0, 2, 0, 0, 0, 0, 1]);
    const explicit = binSpikeTimes(spikes, { binSize: 0.1, trials: [{ start: 0, end: 0.4 }, { start: 0.4, end: 0.8 }] });
    expect(Array.from(explicit.data)).toEqual(Array.from(aligned.data));
  });

  it('names ragged trials, trials outside the recording and bad bin sizes', () => {
    expect(() => binSpikeTimes(spikes, { binSize: 0.1, trials: [{ start: 0, end: 0.4 }, { start: 0.4, end: 0.9 }] })).toThrow(/ragged trials: trial 1 spans 5 bins of 0.1 s but trial 0 spans 4/);
    expect(() => binSpikeTimes(spikes, { binSize: 0.1, align: { times: [0.1], before: 0.2, after: 0.2 } })).toThrow(/trial 0 \[-0.1.*reaches outside the recording/);
    expect(() => binSpikeTimes(spikes, { binSize: 0 })).toThrow(/binSize must be a positive number/);
    expect(() => binSpikeTimes(spikes, { binSize: 0.1, trials: [{ start: 0, end: 0.05 }] })).toThrow(/shorter than one 0.1 s bin/);
  });

  it('cuts a continuous recording (and a behavioural signal) into windows', () => {
    const c = binSpikeTimes(spikes, { binSize: 0.1 });
    const w = cutWindows(c, { length: 4, step: 3 });
    expect([w.trials, w.bins]).toEqual([3, 4]); // starts 0, 3, 6
    expect(Array.from(w.data.subarray(8, 16))).toEqual(Array.from(c.data.subarray(6, 14)));
    expect(w.trialStarts?.map((s) => +s.toFixed(6))).toEqual([0, 0.3, 0.6]);
    const signal = Float32Array.from({ length: 10 }, (_, i) => i);
    expect(Array.from(cutSignal(signal, 1, { length: 4, step: 3 }))).toEqual([0, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9]);
    expect(() => cutWindows(c, { length: 11 })).toThrow(/fewer than one window of 11/);
  });
});

describe('readers', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vaekit-seq-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a CSV (and gzipped CSV) of spike times with named columns', async () => {
    const text = 'time_s,unit_id\n0.5,7\n0.1,3\n0.2,7\n';
    await writeFile(join(dir, 's.csv'), text);
    await writeFile(join(dir, 's.csv.gz'), gzipSync(text));
    for (const f of ['s.csv', 's.csv.gz']) {
      const s = await readSpikeTimesCsv(join(dir, f), { start: 0, end: 1 });
      expect(s.units.map((u) => u.id)).toEqual(['7', '3']);
      expect(Array.from(s.units[0].times)).toEqual([0.2, 0.5]);
    }
    await writeFile(join(dir, 'bad.csv'), 'time_s,unit_id\n0.5,7\nabc,3\n');
    await expect(readSpikeTimesCsv(join(dir, 'bad.csv'))).rejects.toThrow(/line 3: spike time "abc" is not a number/);
    await writeFile(join(dir, 'nocol.csv'), 'when,who\n0.5,7\n');
    await expect(readSpikeTimesCsv(join(dir, 'nocol.csv'))).rejects.toThrow(/no spike time column/);
    await expect(readSpikeTimesCsv(join(dir, 'nocol.csv'), { timeColumn: 'when', unitColumn: 'who' })).resolves.toBeTruthy();
  });

  it('reads an NWB units table (h5py-written fixture) with its trials', async () => {
    const want = JSON.parse(readFileSync(join(fixtures, 'units_nwb.json'), 'utf8')) as { ids: string[]; times: number[][] };
    const { spikes, trials } = await readNwbUnits(join(fixtures, 'units.nwb'), { start: 0, end: 10 });
    expect(spikes.units.map((u) => u.id)).toEqual(want.ids);
    spikes.units.forEach((u, i) => expect(Array.from(u.times)).toEqual(want.times[i]));
    expect(trials).toEqual([{ start: 1, end: 2.5 }, { start: 4, end: 5.5 }, { start: 7, end: 8.5 }]);
    const counts = binSpikeTimes(spikes, { binSize: 0.5, trials: trials! });
    expect([counts.trials, counts.bins, counts.neurons]).toEqual([3, 3, 4]);
    const inTrials = want.times.map((t) => t.filter((v) => trials!.some((tr) => v >= tr.start && v < tr.end)).length);
    const perUnit = [0, 1, 2, 3].map((n) => counts.data.reduce((s, v, i) => s + (i % 4 === n ? v : 0), 0));
    expect(perUnit).toEqual(inTrials);
  });

  it('names a file that is not NWB, and a missing file', async () => {
    await writeFile(join(dir, 'not.nwb'), 'hello');
    await expect(readNwbUnits(join(dir, 'not.nwb'))).rejects.toThrow(/not an NWB \(HDF5\) file/);
    await expect(readNwbUnits(join(dir, 'missing.nwb'))).rejects.toThrow(InputError);
  });
});
