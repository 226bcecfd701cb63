import { InputError } from '@vaekit/core';
import { describe, expect, it } from 'vitest';
import { selectNeurons, selectTrials, spikeCounts, spikeCountsFromNested, toTrialNeuronTime, validateSpikeCounts } from '@vaekit/sequential';

describe('spike count tensors', () => {
  // 2 trials × 3 bins × 2 neurons; value = 100·trial + 10·bin + neuron
  const value = (r: number, t: number, n: number) => 100 * r + 10 * t + n;
  const ttn = Float32Array.from({ length: 12 }, (_, i) => value(Math.floor(i / 6), Math.floor(i / 2) % 3, i % 2));
  const tnt = Float32Array.from({ length: 12 }, (_, i) => value(Math.floor(i / 6), i % 3, Math.floor(i / 3) % 2));

  it('reads trial × neuron × time input into the trial × time × neuron layout and back', () => {
    const a = spikeCounts({ data: ttn, trials: 2, bins: 3, neurons: 2 });
    const b = spikeCounts({ data: tnt, trials: 2, bins: 3, neurons: 2, layout: 'trial-neuron-time' });
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(Array.from(toTrialNeuronTime(a))).toEqual(Array.from(tnt));
  });

  it('builds from nested arrays in either layout and names ragged trials', () => {
    const nested = [0, 1].map((r) => [0, 1, 2].map((t) => [0, 1].map((n) => value(r, t, n))));
    expect(Array.from(spikeCountsFromNested(nested).data)).toEqual(Array.from(ttn));
    const byNeuron = [0, 1].map((r) => [0, 1].map((n) => [0, 1, 2].map((t) => value(r, t, n))));
    expect(Array.from(spikeCountsFromNested(byNeuron, { layout: 'trial-neuron-time' }).data)).toEqual(Array.from(ttn));
    const ragged = [nested[0], nested[1].slice(0, 2)];
    expect(() => spikeCountsFromNested(ragged)).toThrow(/ragged trials: trial 1 has 2 bins but trial 0 has 3/);
    const raggedNeurons = [nested[0], [nested[1][0], [1], nested[1][2]]];
    expect(() => spikeCountsFromNested(raggedNeurons)).toThrow(/trial 1, bin 1 has 1 neurons but trial 0 has 2/);
  });

  it('rejects a data length that does not match the dimensions', () => {
    expect(() => spikeCounts({ data: new Float32Array(11), trials: 2, bins: 3, neurons: 2 })).toThrow(/11 values for 2 trials × 3 bins × 2 neurons/);
    expect(() => spikeCounts({ data: new Float32Array(0), trials: 0, bins: 3, neurons: 2 })).toThrow(InputError);
  });

  it('selects trials and neurons', () => {
    const a = spikeCounts({ data: ttn, trials: 2, bins: 3, neurons: 2, neuronIds: ['a', 'b'] });
    const t = selectTrials(a, [1]);
    expect(Array.from(t.data)).toEqual(Array.from(ttn.subarray(6)));
    const n = selectNeurons(a, [1]);
    expect(Array.from(n.data)).toEqual([1, 11, 21, 101, 111, 121]);
    expect(n.neuronIds).toEqual(['b']);
    expect(() => selectNeurons(a, [2])).toThrow(/neuron 2 does not exist/);
  });

  describe('validation names the bad value and where it is', () => {
    const counts = (values: number[]) => spikeCounts({ data: values, trials: 1, bins: 2, neurons: 2, neuronIds: ['u1', 'u2'] });
    it('negative counts', () => expect(() => validateSpikeCounts(counts([0, 1, -1, 0]))).toThrow(/negative count \(-1\) at trial 0, bin 1, neuron u1/));
    it('non-integer counts', () => expect(() => validateSpikeCounts(counts([0, 1.5, 1, 0]))).toThrow(/non-integer count \(1.5\) at trial 0, bin 0, neuron u2/));
    it('NaN', () => expect(() => validateSpikeCounts(counts([0, 1, 1, NaN]))).toThrow(/non-finite value \(NaN\) at trial 0, bin 1, neuron u2/));
    it('binary data', () => expect(() => validateSpikeCounts(counts([0, 1, 2, 0]), 'binary')).toThrow(/value 2 is not 0 or 1/));
    it('continuous data accept real values', () => expect(() => validateSpikeCounts(counts([0.5, -1.2, 3, 0]), 'continuous')).not.toThrow());
    it('sequences shorter than the model needs', () => expect(() => validateSpikeCounts(counts([0, 1, 1, 0]), 'counts', 3)).toThrow(/trials have 2 bin\(s\), but the model needs at least 3/));
  });
});
