import { ConfigError, InputError } from '@vaekit/core';
import { spikeCounts, type SpikeCounts } from './spike-counts.js';
import type { SpikeTimes } from './spike-times.js';

export interface BinOptions {
  /** Bin width in seconds. */
  binSize: number;
  /** Trials as explicit intervals [start, end) in seconds; all must have the same number of bins. */
  trials?: ReadonlyArray<{ start: number; end: number }>;
  /** Trials aligned to events: [time − before, time + after) around each event time (seconds). */
  align?: { times: ArrayLike<number>; before: number; after: number };
}

/** Number of whole bins in `duration` (tolerating float error in duration / binSize). */
function binCount(duration: number, binSize: number): number {
  const q = duration / binSize;
  const r = Math.round(q);
  return Math.abs(q - r) < 1e-6 ? r : Math.floor(q);
}

/** First index with times[i] ≥ t. */
function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function intervals(spikes: SpikeTimes, options: BinOptions): Array<{ start: number; end: number }> {
  if (options.trials && options.align) throw new ConfigError('binSpikeTimes: pass trials or align, not both');
  if (options.align) {
    const { times, before, after } = options.align;
    if (!(before >= 0 && after > 0 && Number.isFinite(before + after))) throw new ConfigError(`binSpikeTimes: align needs before ≥ 0 and after > 0 seconds, got ${before}, ${after}`);
    return Array.from(times, (t, i) => {
      if (!Number.isFinite(t)) throw new InputError(`binSpikeTimes: event time ${i} is not finite (${t})`);
      return { start: t - before, end: t + after };
    });
  }
  if (options.trials) return options.trials.map((t) => ({ start: t.start, end: t.end }));
  return [{ start: spikes.start, end: spikes.end }];
}

/**
 * Spike times → binned counts [trials, bins, neurons] with bin width `binSize`: the whole
 * recording as one trial, explicit trial intervals, or windows aligned to event times. A trial
 * outside the recording, trials of different lengths, or a trial shorter than one bin is an
 * InputError naming it. Bins are half-open [start + k·binSize, start + (k+1)·binSize).
 */
export function binSpikeTimes(spikes: SpikeTimes, options: BinOptions): SpikeCounts {
  const { binSize } = options;
  if (!(typeof binSize === 'number' && binSize > 0 && Number.isFinite(binSize))) throw new ConfigError(`binSpikeTimes: binSize must be a positive number of seconds, got ${String(binSize)}`);
  const trials = intervals(spikes, options);
  if (trials.length === 0) throw new InputError('binSpikeTimes: no trials', 'pass at least one trial interval or event time');
  let bins = -1;
  trials.forEach((t, r) => {
    if (!(Number.isFinite(t.start) && Number.isFinite(t.end) && t.end > t.start)) throw new InputError(`binSpikeTimes: trial ${r} [${t.start}, ${t.end}] is not a valid interval`);
    const eps = 1e-9 * Math.max(1, Math.abs(spikes.end));
    if (t.start < spikes.start - eps || t.end > spikes.end + eps) {
      throw new InputError(`binSpikeTimes: trial ${r} [${t.start}, ${t.end}] s reaches outside the recording [${spikes.start}, ${spikes.end}] s`, 'drop trials near the edges of the recording, or shorten before/after');
    }
    const b = binCount(t.end - t.start, binSize);
    if (b < 1) throw new InputError(`binSpikeTimes: trial ${r} lasts ${t.end - t.start} s, shorter than one ${binSize} s bin`, 'use smaller bins or longer trials');
    if (bins < 0) bins = b;
    else if (b !== bins) {
      throw new InputError(`ragged trials: trial ${r} spans ${b} bins of ${binSize} s but trial 0 spans ${bins}`, 'give every trial the same duration (or align them to events with before/after)');
    }
  });
  const neurons = spikes.units.length;
  const data = new Float32Array(trials.length * bins * neurons);
  trials.forEach((t, r) => {
    spikes.units.forEach((u, n) => {
      const end = t.start + bins * binSize - 1e-9 * binSize;
      for (let i = lowerBound(u.times, t.start - 1e-9 * binSize); i < u.times.length && u.times[i] < end; i++) {
        // a spike on a bin edge (up to float error in time − start) belongs to the later bin
        const k = Math.min(bins - 1, Math.floor((u.times[i] - t.start) / binSize + 1e-9));
        data[(r * bins + k) * neurons + n] += 1;
      }
    });
  });
  return spikeCounts({ data, trials: trials.length, bins, neurons, binSize, neuronIds: spikes.units.map((u) => u.id), trialStarts: trials.map((t) => t.start) });
}
